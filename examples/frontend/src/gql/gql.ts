/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query AllocationFunding($id: ID!) {\n  allocation(id: $id) {\n    id\n    fiscalYear\n    ceiling\n    legalBasis\n    funder {\n      id\n      name\n    }\n    fundedCards(first: 3) {\n      nodes {\n        id\n        kpj\n        status\n      }\n    }\n  }\n}": typeof types.AllocationFundingDocument,
    "query CoverageCard($nik: String!) {\n  worker(nik: $nik) {\n    id\n    nik\n    fullName\n    village {\n      id\n      code\n      name\n      kind\n      district {\n        id\n        code\n        name\n      }\n    }\n    membership {\n      id\n      kpj\n      status\n      coverage(asOf: \"2021-06-30\") {\n        id\n        programs\n        validFrom\n        validUntil\n        monthlyPremium\n        fundedBy {\n          id\n          fiscalYear\n          ceiling\n          legalBasis\n          funder {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n}": typeof types.CoverageCardDocument,
    "query VillageRoster($code: ID!, $after: String) {\n  village(code: $code) {\n    id\n    name\n    workers(first: 5, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          nik\n          fullName\n          occupation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": typeof types.VillageRosterDocument,
    "query WorkerPayments($nik: String!) {\n  worker(nik: $nik) {\n    id\n    occupation\n    membership {\n      id\n      issuedOn\n      coveragePeriods {\n        id\n        validFrom\n        validUntil\n        programs\n      }\n      payments(first: 12) {\n        totalCount\n        nodes {\n          id\n          month\n          amount\n          paidOn\n        }\n      }\n    }\n  }\n}": typeof types.WorkerPaymentsDocument,
};
const documents: Documents = {
    "query AllocationFunding($id: ID!) {\n  allocation(id: $id) {\n    id\n    fiscalYear\n    ceiling\n    legalBasis\n    funder {\n      id\n      name\n    }\n    fundedCards(first: 3) {\n      nodes {\n        id\n        kpj\n        status\n      }\n    }\n  }\n}": types.AllocationFundingDocument,
    "query CoverageCard($nik: String!) {\n  worker(nik: $nik) {\n    id\n    nik\n    fullName\n    village {\n      id\n      code\n      name\n      kind\n      district {\n        id\n        code\n        name\n      }\n    }\n    membership {\n      id\n      kpj\n      status\n      coverage(asOf: \"2021-06-30\") {\n        id\n        programs\n        validFrom\n        validUntil\n        monthlyPremium\n        fundedBy {\n          id\n          fiscalYear\n          ceiling\n          legalBasis\n          funder {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n}": types.CoverageCardDocument,
    "query VillageRoster($code: ID!, $after: String) {\n  village(code: $code) {\n    id\n    name\n    workers(first: 5, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          nik\n          fullName\n          occupation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}": types.VillageRosterDocument,
    "query WorkerPayments($nik: String!) {\n  worker(nik: $nik) {\n    id\n    occupation\n    membership {\n      id\n      issuedOn\n      coveragePeriods {\n        id\n        validFrom\n        validUntil\n        programs\n      }\n      payments(first: 12) {\n        totalCount\n        nodes {\n          id\n          month\n          amount\n          paidOn\n        }\n      }\n    }\n  }\n}": types.WorkerPaymentsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AllocationFunding($id: ID!) {\n  allocation(id: $id) {\n    id\n    fiscalYear\n    ceiling\n    legalBasis\n    funder {\n      id\n      name\n    }\n    fundedCards(first: 3) {\n      nodes {\n        id\n        kpj\n        status\n      }\n    }\n  }\n}"): (typeof documents)["query AllocationFunding($id: ID!) {\n  allocation(id: $id) {\n    id\n    fiscalYear\n    ceiling\n    legalBasis\n    funder {\n      id\n      name\n    }\n    fundedCards(first: 3) {\n      nodes {\n        id\n        kpj\n        status\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CoverageCard($nik: String!) {\n  worker(nik: $nik) {\n    id\n    nik\n    fullName\n    village {\n      id\n      code\n      name\n      kind\n      district {\n        id\n        code\n        name\n      }\n    }\n    membership {\n      id\n      kpj\n      status\n      coverage(asOf: \"2021-06-30\") {\n        id\n        programs\n        validFrom\n        validUntil\n        monthlyPremium\n        fundedBy {\n          id\n          fiscalYear\n          ceiling\n          legalBasis\n          funder {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query CoverageCard($nik: String!) {\n  worker(nik: $nik) {\n    id\n    nik\n    fullName\n    village {\n      id\n      code\n      name\n      kind\n      district {\n        id\n        code\n        name\n      }\n    }\n    membership {\n      id\n      kpj\n      status\n      coverage(asOf: \"2021-06-30\") {\n        id\n        programs\n        validFrom\n        validUntil\n        monthlyPremium\n        fundedBy {\n          id\n          fiscalYear\n          ceiling\n          legalBasis\n          funder {\n            id\n            name\n          }\n        }\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query VillageRoster($code: ID!, $after: String) {\n  village(code: $code) {\n    id\n    name\n    workers(first: 5, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          nik\n          fullName\n          occupation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"): (typeof documents)["query VillageRoster($code: ID!, $after: String) {\n  village(code: $code) {\n    id\n    name\n    workers(first: 5, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          nik\n          fullName\n          occupation\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query WorkerPayments($nik: String!) {\n  worker(nik: $nik) {\n    id\n    occupation\n    membership {\n      id\n      issuedOn\n      coveragePeriods {\n        id\n        validFrom\n        validUntil\n        programs\n      }\n      payments(first: 12) {\n        totalCount\n        nodes {\n          id\n          month\n          amount\n          paidOn\n        }\n      }\n    }\n  }\n}"): (typeof documents)["query WorkerPayments($nik: String!) {\n  worker(nik: $nik) {\n    id\n    occupation\n    membership {\n      id\n      issuedOn\n      coveragePeriods {\n        id\n        validFrom\n        validUntil\n        programs\n      }\n      payments(first: 12) {\n        totalCount\n        nodes {\n          id\n          month\n          amount\n          paidOn\n        }\n      }\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;