import { graphql } from '../gql';

export const CancelRollout = graphql(`
  mutation CancelTierRollout($input: CancelTierRolloutInput!) {
    cancelTierRollout(input: $input) {
      rollout {
        id
        status
        cancelledByName
        cancelReason
      }
      errors {
        __typename
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          field
        }
      }
    }
  }
`);

export const ApplyChange = graphql(`
  mutation ApplyTierCreditChange($input: ApplyTierCreditChangeInput!) {
    applyTierCreditChange(input: $input) {
      rollout {
        id
        status
        scheduledFor
      }
      warnings
      errors {
        __typename
        ... on Error {
          message
          code
        }
        ... on ValidationError {
          field
        }
      }
    }
  }
`);
