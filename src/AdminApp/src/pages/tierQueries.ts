import { graphql } from '../gql';

export const TiersQuery = graphql(`
  query Tiers {
    tierConfigs(order: [{ rank: ASC }]) {
      id
      tierName
      displayName
      rank
      monthlyCreditAllocation
      monthlyPriceUsd
      annualPriceUsd
      maxCreditRollover
      features
      isActive
      configVersion
      activeSubscriberCount
      pendingRollouts {
        id
        status
        toCredits
        eligibleCount
      }
    }
  }
`);

export const TierQuery = graphql(`
  query Tier($tierName: String!) {
    tierConfig(tierName: $tierName) {
      id
      tierName
      displayName
      monthlyCreditAllocation
      monthlyPriceUsd
      annualPriceUsd
      maxCreditRollover
      features
      isActive
      configVersion
      activeSubscriberCount
    }
  }
`);

export const TierChangedSubscription = graphql(`
  subscription TierChanged {
    tierConfigChanged {
      tierConfig {
        tierName
        configVersion
      }
      historyEntry {
        id
        changeType
      }
    }
  }
`);

export const RolloutProgressSubscription = graphql(`
  subscription RolloutProgress {
    tierRolloutProgress {
      id
      tierName
      historyEntryId
      fromCredits
      toCredits
      scheduledFor
      status
      eligibleCount
      upgradedCount
      skippedCount
      createdAt
      requestedByName
      cancelledByName
      cancelReason
      failureReason
    }
  }
`);

export interface TierRow {
  tierName: string;
  displayName: string;
  monthlyCreditAllocation: number;
  monthlyPriceUsd: number;
  annualPriceUsd: number;
  maxCreditRollover: number;
  features: Record<string, unknown>;
  isActive: boolean;
  configVersion: number;
  activeSubscriberCount: number;
}
