/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type ApplyTierCreditChangeInput = {
  /** A CREDIT_INCREASE (or a ROLLBACK that raised credits) to the tier's current credits. */
  historyEntryId: string | number;
  /** 10 to 500 characters. */
  reason: string;
  /** When the rollout starts (future, at most 365 days ahead); null = now. */
  scheduledRolloutAt?: string | null | undefined;
};

export type BillingCycle =
  | 'ANNUAL'
  | 'MONTHLY';

export type CancelTierRolloutInput = {
  reason: string;
  rolloutId: string | number;
};

export type ChangeDirection =
  | 'DECREASE'
  | 'INCREASE'
  | 'NO_CHANGE';

export type CreditGrantSource =
  | 'ADMIN_GRANT'
  | 'SUBSCRIPTION'
  | 'TIER_UPGRADE';

export type DateTimeOperationFilterInput = {
  eq?: string | null | undefined;
  gt?: string | null | undefined;
  gte?: string | null | undefined;
  in?: Array<string | null | undefined> | null | undefined;
  lt?: string | null | undefined;
  lte?: string | null | undefined;
  neq?: string | null | undefined;
  ngt?: string | null | undefined;
  ngte?: string | null | undefined;
  nin?: Array<string | null | undefined> | null | undefined;
  nlt?: string | null | undefined;
  nlte?: string | null | undefined;
};

export type IntOperationFilterInput = {
  eq?: number | null | undefined;
  gt?: number | null | undefined;
  gte?: number | null | undefined;
  in?: Array<number | null | undefined> | null | undefined;
  lt?: number | null | undefined;
  lte?: number | null | undefined;
  neq?: number | null | undefined;
  ngt?: number | null | undefined;
  ngte?: number | null | undefined;
  nin?: Array<number | null | undefined> | null | undefined;
  nlt?: number | null | undefined;
  nlte?: number | null | undefined;
};

export type PreviewTierCreditChangeInput = {
  applyToExistingUsers?: boolean;
  newCredits: number;
  tierName: string;
};

export type RollbackTierConfigInput = {
  expectedVersion?: number | null | undefined;
  reason: string;
  tierName: string;
  toVersion: number;
};

export type RolloutStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'PENDING'
  | 'RUNNING';

export type RolloutStatusOperationFilterInput = {
  eq?: RolloutStatus | null | undefined;
  in?: Array<RolloutStatus> | null | undefined;
  neq?: RolloutStatus | null | undefined;
  nin?: Array<RolloutStatus> | null | undefined;
};

export type SetTierActiveInput = {
  expectedVersion?: number | null | undefined;
  isActive: boolean;
  reason: string;
  tierName: string;
};

export type SortEnumType =
  | 'ASC'
  | 'DESC';

export type StringOperationFilterInput = {
  and?: Array<StringOperationFilterInput> | null | undefined;
  contains?: string | null | undefined;
  endsWith?: string | null | undefined;
  eq?: string | null | undefined;
  in?: Array<string | null | undefined> | null | undefined;
  ncontains?: string | null | undefined;
  nendsWith?: string | null | undefined;
  neq?: string | null | undefined;
  nin?: Array<string | null | undefined> | null | undefined;
  nstartsWith?: string | null | undefined;
  or?: Array<StringOperationFilterInput> | null | undefined;
  startsWith?: string | null | undefined;
};

export type SubscriberFilterInput = {
  and?: Array<SubscriberFilterInput> | null | undefined;
  email?: StringOperationFilterInput | null | undefined;
  monthlyCreditAllocation?: IntOperationFilterInput | null | undefined;
  or?: Array<SubscriberFilterInput> | null | undefined;
  status?: SubscriptionStatusOperationFilterInput | null | undefined;
  tierName?: StringOperationFilterInput | null | undefined;
  userId?: UuidOperationFilterInput | null | undefined;
};

export type SubscriptionStatus =
  | 'ACTIVE'
  | 'CANCELLED'
  | 'PAST_DUE'
  | 'TRIAL';

export type SubscriptionStatusOperationFilterInput = {
  eq?: SubscriptionStatus | null | undefined;
  in?: Array<SubscriptionStatus> | null | undefined;
  neq?: SubscriptionStatus | null | undefined;
  nin?: Array<SubscriptionStatus> | null | undefined;
};

export type TierChangeType =
  | 'ACTIVATION_CHANGE'
  | 'CREDIT_DECREASE'
  | 'CREDIT_INCREASE'
  | 'FEATURE_UPDATE'
  | 'PRICE_CHANGE'
  | 'ROLLBACK'
  | 'ROLLOVER_CHANGE';

export type TierChangeTypeOperationFilterInput = {
  eq?: TierChangeType | null | undefined;
  in?: Array<TierChangeType> | null | undefined;
  neq?: TierChangeType | null | undefined;
  nin?: Array<TierChangeType> | null | undefined;
};

export type TierConfigHistoryFilterInput = {
  affectedUsersCount?: IntOperationFilterInput | null | undefined;
  and?: Array<TierConfigHistoryFilterInput> | null | undefined;
  /** { eq: null } selects entries whose rollout is pending; { neq: null } applied ones. */
  appliedAt?: DateTimeOperationFilterInput | null | undefined;
  changeReason?: StringOperationFilterInput | null | undefined;
  changeType?: TierChangeTypeOperationFilterInput | null | undefined;
  changedAt?: DateTimeOperationFilterInput | null | undefined;
  changedBy?: UuidOperationFilterInput | null | undefined;
  changedByName?: StringOperationFilterInput | null | undefined;
  configVersion?: IntOperationFilterInput | null | undefined;
  newCredits?: IntOperationFilterInput | null | undefined;
  or?: Array<TierConfigHistoryFilterInput> | null | undefined;
  /** The latest rollout's status; { in: [PENDING, RUNNING] } selects pending changes, { eq: null } changes that needed none. */
  rolloutStatus?: RolloutStatusOperationFilterInput | null | undefined;
  tierName?: StringOperationFilterInput | null | undefined;
};

export type TierConfigHistorySortInput = {
  affectedUsersCount?: SortEnumType | null | undefined;
  changedAt?: SortEnumType | null | undefined;
  configVersion?: SortEnumType | null | undefined;
  newCredits?: SortEnumType | null | undefined;
  tierName?: SortEnumType | null | undefined;
};

export type UpdateTierCreditsInput = {
  applyToExistingUsers?: boolean;
  /** Refuse the change unless the tier is at this version. */
  expectedVersion?: number | null | undefined;
  /** Multiple of 100, from 100 to 1,000,000. */
  newCredits: number;
  /** 10 to 500 characters. */
  reason: string;
  /** When the rollout to existing subscribers starts (future, at most 365 days ahead). */
  scheduledRolloutAt?: string | null | undefined;
  tierName: string;
};

export type UpdateTierFeaturesInput = {
  expectedVersion?: number | null | undefined;
  features: Record<string, unknown>;
  reason: string;
  tierName: string;
};

export type UpdateTierPricesInput = {
  expectedVersion?: number | null | undefined;
  newAnnualPriceUsd?: number | null | undefined;
  newMonthlyPriceUsd?: number | null | undefined;
  reason: string;
  tierName: string;
};

export type UpdateTierRolloverInput = {
  expectedVersion?: number | null | undefined;
  maxCreditRollover: number;
  reason: string;
  tierName: string;
};

export type UuidOperationFilterInput = {
  eq?: string | null | undefined;
  in?: Array<string | null | undefined> | null | undefined;
  neq?: string | null | undefined;
  nin?: Array<string | null | undefined> | null | undefined;
};

export type HistoryQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  where?: TierConfigHistoryFilterInput | null | undefined;
  order?: Array<TierConfigHistorySortInput> | TierConfigHistorySortInput | null | undefined;
}>;


export type HistoryQuery = { tierHistory: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, tierName: string, configVersion: number, changeType: TierChangeType, previousCredits: number, newCredits: number, previousMonthlyPriceUsd: number, newMonthlyPriceUsd: number, previousAnnualPriceUsd: number, newAnnualPriceUsd: number, changeReason: string, affectedUsersCount: number, changedByName: string | null, changedAt: string, appliedAt: string | null, rolloutStatus: RolloutStatus | null }> | null }, tierConfigs: Array<{ tierName: string, displayName: string, monthlyCreditAllocation: number }> };

export type RolloutsQueryVariables = Exact<{ [key: string]: never; }>;


export type RolloutsQuery = { tierRollouts: { totalCount: number, nodes: Array<{ id: string, tierName: string, historyEntryId: string, fromCredits: number, toCredits: number, scheduledFor: string | null, status: RolloutStatus, eligibleCount: number, upgradedCount: number, skippedCount: number, createdAt: string, requestedByName: string | null, cancelledByName: string | null, cancelReason: string | null, failureReason: string | null }> | null }, tierConfigs: Array<{ tierName: string, displayName: string, activeSubscriberCount: number, monthlyCreditAllocation: number }> };

export type SubscriberLookupQueryVariables = Exact<{
  where?: SubscriberFilterInput | null | undefined;
}>;


export type SubscriberLookupQuery = { subscribers: { nodes: Array<{ subscriptionId: string, userId: string, email: string | null, tierName: string, status: SubscriptionStatus, billingCycle: BillingCycle, basePriceUsd: number, monthlyCreditAllocation: number, currentPeriodStart: string, currentPeriodEnd: string }> | null } };

export type UserCreditsQueryVariables = Exact<{
  userId: string;
  after?: string | null | undefined;
}>;


export type UserCreditsQuery = { userCredits: { userId: string, balance: number, grants: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, nodes: Array<{ id: string, amount: number, source: CreditGrantSource, reason: string | null, periodStart: string, periodEnd: string, createdAt: string }> | null } } | null };

export type TierChangePreviewQueryVariables = Exact<{
  input: PreviewTierCreditChangeInput;
}>;


export type TierChangePreviewQuery = { tierChangePreview: { preview: { tierName: string, currentCredits: number, newCredits: number, direction: ChangeDirection, activeSubscribers: number, willUpgrade: number, willRemainSame: number, creditsAdded: number, estimatedCostUsd: number, warnings: Array<string> } | null, errors: Array<
      | { __typename: 'TierNotFoundError', message: string, code: string }
      | { __typename: 'UpgradePolicyViolationError', message: string, code: string }
      | { __typename: 'ValidationError', message: string, code: string, field: string }
    > | null } };

export type UpdateTierCreditsMutationVariables = Exact<{
  input: UpdateTierCreditsInput;
}>;


export type UpdateTierCreditsMutation = { updateTierCredits: { warnings: Array<string> | null, tierConfig: { id: string, tierName: string, monthlyCreditAllocation: number, configVersion: number } | null, rollout: { id: string, status: RolloutStatus, scheduledFor: string | null } | null, errors: Array<
      | { __typename: 'NoChangeError', message: string, code: string }
      | { __typename: 'TierNotFoundError', message: string, code: string }
      | { __typename: 'UpgradePolicyViolationError', message: string, code: string }
      | { __typename: 'ValidationError', message: string, code: string, field: string }
      | { __typename: 'VersionConflictError', message: string, code: string, expectedVersion: number, currentVersion: number }
    > | null } };

export type UpdateTierPricesMutationVariables = Exact<{
  input: UpdateTierPricesInput;
}>;


export type UpdateTierPricesMutation = { updateTierPrices: { warnings: Array<string> | null, tierConfig: { id: string, configVersion: number } | null, errors: Array<
      | { __typename: 'NoChangeError', message: string, code: string }
      | { __typename: 'TierNotFoundError', message: string, code: string }
      | { __typename: 'ValidationError', message: string, code: string, field: string }
      | { __typename: 'VersionConflictError', message: string, code: string, expectedVersion: number, currentVersion: number }
    > | null } };

export type UpdateTierFeaturesMutationVariables = Exact<{
  input: UpdateTierFeaturesInput;
}>;


export type UpdateTierFeaturesMutation = { updateTierFeatures: { tierConfig: { id: string, configVersion: number } | null, errors: Array<
      | { __typename: 'NoChangeError', message: string, code: string }
      | { __typename: 'TierNotFoundError', message: string, code: string }
      | { __typename: 'ValidationError', message: string, code: string, field: string }
      | { __typename: 'VersionConflictError', message: string, code: string, expectedVersion: number, currentVersion: number }
    > | null } };

export type UpdateTierRolloverMutationVariables = Exact<{
  input: UpdateTierRolloverInput;
}>;


export type UpdateTierRolloverMutation = { updateTierRollover: { tierConfig: { id: string, configVersion: number } | null, errors: Array<
      | { __typename: 'NoChangeError', message: string, code: string }
      | { __typename: 'TierNotFoundError', message: string, code: string }
      | { __typename: 'ValidationError', message: string, code: string, field: string }
      | { __typename: 'VersionConflictError', message: string, code: string, expectedVersion: number, currentVersion: number }
    > | null } };

export type SetTierActiveMutationVariables = Exact<{
  input: SetTierActiveInput;
}>;


export type SetTierActiveMutation = { setTierActive: { tierConfig: { id: string, configVersion: number } | null, errors: Array<
      | { __typename: 'NoChangeError', message: string, code: string }
      | { __typename: 'TierNotFoundError', message: string, code: string }
      | { __typename: 'ValidationError', message: string, code: string, field: string }
      | { __typename: 'VersionConflictError', message: string, code: string, expectedVersion: number, currentVersion: number }
    > | null } };

export type VersionsQueryVariables = Exact<{
  tierName: string;
}>;


export type VersionsQuery = { tierConfigs: Array<{ tierName: string, displayName: string }>, tierConfig: { id: string, tierName: string, displayName: string, configVersion: number, monthlyCreditAllocation: number, monthlyPriceUsd: number, annualPriceUsd: number, maxCreditRollover: number, features: Record<string, unknown>, isActive: boolean, versions: Array<{ configVersion: number, monthlyCreditAllocation: number, monthlyPriceUsd: number, annualPriceUsd: number, maxCreditRollover: number, features: Record<string, unknown>, isActive: boolean, createdAt: string, createdByName: string | null }> } | null };

export type RollbackTierConfigMutationVariables = Exact<{
  input: RollbackTierConfigInput;
}>;


export type RollbackTierConfigMutation = { rollbackTierConfig: { warnings: Array<string> | null, tierConfig: { id: string, configVersion: number } | null, errors: Array<
      | { __typename: 'NoChangeError', message: string, code: string }
      | { __typename: 'TierNotFoundError', message: string, code: string }
      | { __typename: 'ValidationError', message: string, code: string, field: string }
      | { __typename: 'VersionConflictError', message: string, code: string, expectedVersion: number, currentVersion: number }
      | { __typename: 'VersionNotFoundError', message: string, code: string }
    > | null } };

export type CancelTierRolloutMutationVariables = Exact<{
  input: CancelTierRolloutInput;
}>;


export type CancelTierRolloutMutation = { cancelTierRollout: { rollout: { id: string, status: RolloutStatus, cancelledByName: string | null, cancelReason: string | null } | null, errors: Array<
      | { __typename: 'RolloutNotCancellableError', message: string, code: string }
      | { __typename: 'RolloutNotFoundError', message: string, code: string }
      | { __typename: 'ValidationError', message: string, code: string, field: string }
    > | null } };

export type ApplyTierCreditChangeMutationVariables = Exact<{
  input: ApplyTierCreditChangeInput;
}>;


export type ApplyTierCreditChangeMutation = { applyTierCreditChange: { warnings: Array<string> | null, rollout: { id: string, status: RolloutStatus, scheduledFor: string | null } | null, errors: Array<
      | { __typename: 'HistoryEntryNotFoundError', message: string, code: string }
      | { __typename: 'RolloutAlreadyPendingError', message: string, code: string }
      | { __typename: 'UpgradePolicyViolationError', message: string, code: string }
      | { __typename: 'ValidationError', message: string, code: string, field: string }
    > | null } };

export type TiersQueryVariables = Exact<{ [key: string]: never; }>;


export type TiersQuery = { tierConfigs: Array<{ id: string, tierName: string, displayName: string, rank: number, monthlyCreditAllocation: number, monthlyPriceUsd: number, annualPriceUsd: number, maxCreditRollover: number, features: Record<string, unknown>, isActive: boolean, configVersion: number, activeSubscriberCount: number, pendingRollouts: Array<{ id: string, status: RolloutStatus, toCredits: number, eligibleCount: number }> }> };

export type TierQueryVariables = Exact<{
  tierName: string;
}>;


export type TierQuery = { tierConfig: { id: string, tierName: string, displayName: string, monthlyCreditAllocation: number, monthlyPriceUsd: number, annualPriceUsd: number, maxCreditRollover: number, features: Record<string, unknown>, isActive: boolean, configVersion: number, activeSubscriberCount: number } | null };

export type TierChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type TierChangedSubscription = { tierConfigChanged: { tierConfig: { tierName: string, configVersion: number }, historyEntry: { id: string, changeType: TierChangeType } } };

export type RolloutProgressSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type RolloutProgressSubscription = { tierRolloutProgress: { id: string, tierName: string, historyEntryId: string, fromCredits: number, toCredits: number, scheduledFor: string | null, status: RolloutStatus, eligibleCount: number, upgradedCount: number, skippedCount: number, createdAt: string, requestedByName: string | null, cancelledByName: string | null, cancelReason: string | null, failureReason: string | null } };


export const HistoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"History"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"last"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"before"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"TierConfigHistoryFilterInput"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"order"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TierConfigHistorySortInput"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierHistory"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"Variable","name":{"kind":"Name","value":"last"}}},{"kind":"Argument","name":{"kind":"Name","value":"before"},"value":{"kind":"Variable","name":{"kind":"Name","value":"before"}}},{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}},{"kind":"Argument","name":{"kind":"Name","value":"order"},"value":{"kind":"Variable","name":{"kind":"Name","value":"order"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"hasPreviousPage"}},{"kind":"Field","name":{"kind":"Name","value":"startCursor"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}},{"kind":"Field","name":{"kind":"Name","value":"changeType"}},{"kind":"Field","name":{"kind":"Name","value":"previousCredits"}},{"kind":"Field","name":{"kind":"Name","value":"newCredits"}},{"kind":"Field","name":{"kind":"Name","value":"previousMonthlyPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"newMonthlyPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"previousAnnualPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"newAnnualPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"changeReason"}},{"kind":"Field","name":{"kind":"Name","value":"affectedUsersCount"}},{"kind":"Field","name":{"kind":"Name","value":"changedByName"}},{"kind":"Field","name":{"kind":"Name","value":"changedAt"}},{"kind":"Field","name":{"kind":"Name","value":"appliedAt"}},{"kind":"Field","name":{"kind":"Name","value":"rolloutStatus"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tierConfigs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"order"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"rank"},"value":{"kind":"EnumValue","value":"ASC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCreditAllocation"}}]}}]}}]} as unknown as DocumentNode<HistoryQuery, HistoryQueryVariables>;
export const RolloutsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Rollouts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierRollouts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}},{"kind":"Argument","name":{"kind":"Name","value":"order"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"createdAt"},"value":{"kind":"EnumValue","value":"DESC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"historyEntryId"}},{"kind":"Field","name":{"kind":"Name","value":"fromCredits"}},{"kind":"Field","name":{"kind":"Name","value":"toCredits"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"eligibleCount"}},{"kind":"Field","name":{"kind":"Name","value":"upgradedCount"}},{"kind":"Field","name":{"kind":"Name","value":"skippedCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedByName"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledByName"}},{"kind":"Field","name":{"kind":"Name","value":"cancelReason"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"tierConfigs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"activeSubscriberCount"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCreditAllocation"}}]}}]}}]} as unknown as DocumentNode<RolloutsQuery, RolloutsQueryVariables>;
export const SubscriberLookupDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"SubscriberLookup"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"where"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SubscriberFilterInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subscribers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}},{"kind":"Argument","name":{"kind":"Name","value":"where"},"value":{"kind":"Variable","name":{"kind":"Name","value":"where"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"subscriptionId"}},{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"billingCycle"}},{"kind":"Field","name":{"kind":"Name","value":"basePriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCreditAllocation"}},{"kind":"Field","name":{"kind":"Name","value":"currentPeriodStart"}},{"kind":"Field","name":{"kind":"Name","value":"currentPeriodEnd"}}]}}]}}]}}]} as unknown as DocumentNode<SubscriberLookupQuery, SubscriberLookupQueryVariables>;
export const UserCreditsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"UserCredits"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"userId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UUID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userCredits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"userId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"userId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"userId"}},{"kind":"Field","name":{"kind":"Name","value":"balance"}},{"kind":"Field","name":{"kind":"Name","value":"grants"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amount"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UserCreditsQuery, UserCreditsQueryVariables>;
export const TierChangePreviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TierChangePreview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PreviewTierCreditChangeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierChangePreview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"preview"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"currentCredits"}},{"kind":"Field","name":{"kind":"Name","value":"newCredits"}},{"kind":"Field","name":{"kind":"Name","value":"direction"}},{"kind":"Field","name":{"kind":"Name","value":"activeSubscribers"}},{"kind":"Field","name":{"kind":"Name","value":"willUpgrade"}},{"kind":"Field","name":{"kind":"Name","value":"willRemainSame"}},{"kind":"Field","name":{"kind":"Name","value":"creditsAdded"}},{"kind":"Field","name":{"kind":"Name","value":"estimatedCostUsd"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TierChangePreviewQuery, TierChangePreviewQueryVariables>;
export const UpdateTierCreditsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateTierCredits"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateTierCreditsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateTierCredits"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCreditAllocation"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rollout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionConflictError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expectedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UpdateTierCreditsMutation, UpdateTierCreditsMutationVariables>;
export const UpdateTierPricesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateTierPrices"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateTierPricesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateTierPrices"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionConflictError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expectedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UpdateTierPricesMutation, UpdateTierPricesMutationVariables>;
export const UpdateTierFeaturesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateTierFeatures"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateTierFeaturesInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateTierFeatures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionConflictError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expectedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UpdateTierFeaturesMutation, UpdateTierFeaturesMutationVariables>;
export const UpdateTierRolloverDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateTierRollover"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"UpdateTierRolloverInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateTierRollover"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionConflictError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expectedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}}]}}]}}]}}]}}]} as unknown as DocumentNode<UpdateTierRolloverMutation, UpdateTierRolloverMutationVariables>;
export const SetTierActiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetTierActive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SetTierActiveInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"setTierActive"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionConflictError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expectedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}}]}}]}}]}}]}}]} as unknown as DocumentNode<SetTierActiveMutation, SetTierActiveMutationVariables>;
export const VersionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Versions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tierName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfigs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"order"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"rank"},"value":{"kind":"EnumValue","value":"ASC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tierConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tierName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tierName"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCreditAllocation"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"annualPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"maxCreditRollover"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"versions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"configVersion"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCreditAllocation"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"annualPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"maxCreditRollover"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"createdByName"}}]}}]}}]}}]} as unknown as DocumentNode<VersionsQuery, VersionsQueryVariables>;
export const RollbackTierConfigDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RollbackTierConfig"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RollbackTierConfigInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollbackTierConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VersionConflictError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expectedVersion"}},{"kind":"Field","name":{"kind":"Name","value":"currentVersion"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RollbackTierConfigMutation, RollbackTierConfigMutationVariables>;
export const CancelTierRolloutDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelTierRollout"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelTierRolloutInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelTierRollout"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledByName"}},{"kind":"Field","name":{"kind":"Name","value":"cancelReason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]}}]} as unknown as DocumentNode<CancelTierRolloutMutation, CancelTierRolloutMutationVariables>;
export const ApplyTierCreditChangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ApplyTierCreditChange"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ApplyTierCreditChangeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"applyTierCreditChange"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"rollout"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}},{"kind":"Field","name":{"kind":"Name","value":"errors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Error"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ValidationError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"field"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ApplyTierCreditChangeMutation, ApplyTierCreditChangeMutationVariables>;
export const TiersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Tiers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfigs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"order"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"rank"},"value":{"kind":"EnumValue","value":"ASC"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"rank"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCreditAllocation"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"annualPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"maxCreditRollover"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}},{"kind":"Field","name":{"kind":"Name","value":"activeSubscriberCount"}},{"kind":"Field","name":{"kind":"Name","value":"pendingRollouts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"toCredits"}},{"kind":"Field","name":{"kind":"Name","value":"eligibleCount"}}]}}]}}]}}]} as unknown as DocumentNode<TiersQuery, TiersQueryVariables>;
export const TierDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Tier"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tierName"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfig"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"tierName"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tierName"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"displayName"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyCreditAllocation"}},{"kind":"Field","name":{"kind":"Name","value":"monthlyPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"annualPriceUsd"}},{"kind":"Field","name":{"kind":"Name","value":"maxCreditRollover"}},{"kind":"Field","name":{"kind":"Name","value":"features"}},{"kind":"Field","name":{"kind":"Name","value":"isActive"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}},{"kind":"Field","name":{"kind":"Name","value":"activeSubscriberCount"}}]}}]}}]} as unknown as DocumentNode<TierQuery, TierQueryVariables>;
export const TierChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"TierChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfigChanged"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"configVersion"}}]}},{"kind":"Field","name":{"kind":"Name","value":"historyEntry"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"changeType"}}]}}]}}]}}]} as unknown as DocumentNode<TierChangedSubscription, TierChangedSubscriptionVariables>;
export const RolloutProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"RolloutProgress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tierRolloutProgress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"tierName"}},{"kind":"Field","name":{"kind":"Name","value":"historyEntryId"}},{"kind":"Field","name":{"kind":"Name","value":"fromCredits"}},{"kind":"Field","name":{"kind":"Name","value":"toCredits"}},{"kind":"Field","name":{"kind":"Name","value":"scheduledFor"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"eligibleCount"}},{"kind":"Field","name":{"kind":"Name","value":"upgradedCount"}},{"kind":"Field","name":{"kind":"Name","value":"skippedCount"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"requestedByName"}},{"kind":"Field","name":{"kind":"Name","value":"cancelledByName"}},{"kind":"Field","name":{"kind":"Name","value":"cancelReason"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]}}]} as unknown as DocumentNode<RolloutProgressSubscription, RolloutProgressSubscriptionVariables>;