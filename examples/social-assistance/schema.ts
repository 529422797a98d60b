/** The contract Dinas Sosial offers the graph: what it adds to the population office's Worker. */
import gql from 'graphql-tag';

export const typeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key", "@requiresScopes", "@tag"])

  type Query {
    """
    Workers whose household receives a programme, in the caller's villages, in NIK order.
    """
    assistanceRecipients(programme: AssistanceProgramme!): [Worker!]!
      @requiresScopes(scopes: [["social-assistance:read"]])
  }

  type Worker @key(fields: "nik") {
    nik: ID!

    """
    Social assistance the worker's household receives, by Dinas Sosial Kota Ambon's records; null when none.
    """
    socialAssistance: SocialAssistance @requiresScopes(scopes: [["social-assistance:read"]])
  }

  """
  A social assistance programme a household receives.
  """
  type SocialAssistance {
    """
    Which programme pays it: personal data (it tells a household's means), hidden from roles without personal-data:read.
    """
    programme: AssistanceProgramme! @tag(name: "personal-data/full")

    """
    The first month it was paid, YYYY-MM: personal data too (how long a household has been poor).
    """
    since: String! @tag(name: "personal-data/full")
  }

  """
  The national social assistance programmes Dinas Sosial administers in Ambon.
  """
  enum AssistanceProgramme {
    """
    Program Keluarga Harapan: conditional cash transfers to poor families.
    """
    PKH

    """
    Bantuan Pangan Non-Tunai: monthly food assistance.
    """
    BPNT

    """
    Bantuan Langsung Tunai Dana Desa: cash from the village fund.
    """
    BLT_DD
  }
`;
