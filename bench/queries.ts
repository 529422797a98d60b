/** The operations the benchmarks send: the frontend contract and the dashboards' heavier reads. */

import { listedOperation } from '../tools/schema/operations';

export const WORKER_COVERAGE = listedOperation('WorkerCoverage');

export const VILLAGE_ROSTER = /* GraphQL */ `
  query VillageRoster($code: ID!, $first: Int!) {
    village(code: $code) {
      code
      name
      workerCount
      workers(first: $first) {
        nodes {
          nik
          fullName
          membership {
            kpj
            status
            coverage(asOf: "2021-06-30") {
              programs
              validFrom
              validUntil
              monthlyPremium
              fundedBy {
                id
                fiscalYear
                ceiling
                legalBasis
                funder {
                  name
                }
              }
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const DISTRICT_COVERAGE = /* GraphQL */ `
  query DistrictCoverage($regency: ID!) {
    regency(code: $regency) {
      code
      name
      coverage(asOf: "2021-06-30") {
        coveredWorkers
        monthlyPremium
      }
      districts {
        code
        name
        coverage(asOf: "2021-06-30") {
          coveredWorkers
          monthlyPremium
        }
      }
    }
  }
`;

export const requestBody = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });
