IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL
BEGIN
    CREATE TABLE [__EFMigrationsHistory] (
        [MigrationId] nvarchar(150) NOT NULL,
        [ProductVersion] nvarchar(32) NOT NULL,
        CONSTRAINT [PK___EFMigrationsHistory] PRIMARY KEY ([MigrationId])
    );
END;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE TABLE [credit_balances] (
        [user_id] uniqueidentifier NOT NULL,
        [balance] bigint NOT NULL,
        [updated_at] datetimeoffset NOT NULL,
        CONSTRAINT [PK_credit_balances] PRIMARY KEY ([user_id])
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE TABLE [tier_configs] (
        [id] uniqueidentifier NOT NULL,
        [tier_name] nvarchar(64) NOT NULL,
        [display_name] nvarchar(128) NOT NULL,
        [rank] int NOT NULL,
        [monthly_price_usd] decimal(12,2) NOT NULL,
        [annual_price_usd] decimal(12,2) NOT NULL,
        [monthly_credit_allocation] int NOT NULL,
        [max_credit_rollover] int NOT NULL,
        [features_json] nvarchar(max) NOT NULL,
        [is_active] bit NOT NULL,
        [config_version] int NOT NULL,
        [last_modified_by] uniqueidentifier NULL,
        [last_modified_at] datetimeoffset NOT NULL,
        [apply_to_existing_users] bit NOT NULL,
        [rollout_start_date] datetimeoffset NULL,
        [created_at] datetimeoffset NOT NULL,
        [updated_at] datetimeoffset NOT NULL,
        CONSTRAINT [PK_tier_configs] PRIMARY KEY ([id]),
        CONSTRAINT [CK_tier_configs_features_json_is_json] CHECK (ISJSON(features_json) = 1)
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE TABLE [subscriptions] (
        [id] uniqueidentifier NOT NULL,
        [user_id] uniqueidentifier NOT NULL,
        [email] nvarchar(254) NULL,
        [tier_config_id] uniqueidentifier NOT NULL,
        [tier_name] nvarchar(64) NOT NULL,
        [status] nvarchar(16) NOT NULL,
        [billing_cycle] nvarchar(16) NOT NULL,
        [base_price_usd] decimal(12,2) NOT NULL,
        [monthly_credit_allocation] int NOT NULL,
        [current_period_start] datetimeoffset NOT NULL,
        [current_period_end] datetimeoffset NOT NULL,
        [created_at] datetimeoffset NOT NULL,
        [updated_at] datetimeoffset NOT NULL,
        CONSTRAINT [PK_subscriptions] PRIMARY KEY ([id]),
        CONSTRAINT [FK_subscriptions_tier_configs_tier_config_id] FOREIGN KEY ([tier_config_id]) REFERENCES [tier_configs] ([id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE TABLE [tier_config_history] (
        [id] uniqueidentifier NOT NULL,
        [tier_config_id] uniqueidentifier NOT NULL,
        [tier_name] nvarchar(64) NOT NULL,
        [config_version] int NOT NULL,
        [change_type] nvarchar(32) NOT NULL,
        [previous_credits] int NOT NULL,
        [new_credits] int NOT NULL,
        [previous_monthly_price_usd] decimal(12,2) NOT NULL,
        [new_monthly_price_usd] decimal(12,2) NOT NULL,
        [previous_annual_price_usd] decimal(12,2) NOT NULL,
        [new_annual_price_usd] decimal(12,2) NOT NULL,
        [change_reason] nvarchar(500) NOT NULL,
        [affected_users_count] int NOT NULL,
        [changed_by] uniqueidentifier NOT NULL,
        [changed_by_name] nvarchar(200) NULL,
        [changed_at] datetimeoffset NOT NULL,
        [applied_at] datetimeoffset NULL,
        CONSTRAINT [PK_tier_config_history] PRIMARY KEY ([id]),
        CONSTRAINT [FK_tier_config_history_tier_configs_tier_config_id] FOREIGN KEY ([tier_config_id]) REFERENCES [tier_configs] ([id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE TABLE [tier_config_versions] (
        [id] uniqueidentifier NOT NULL,
        [tier_config_id] uniqueidentifier NOT NULL,
        [config_version] int NOT NULL,
        [monthly_price_usd] decimal(12,2) NOT NULL,
        [annual_price_usd] decimal(12,2) NOT NULL,
        [monthly_credit_allocation] int NOT NULL,
        [max_credit_rollover] int NOT NULL,
        [features_json] nvarchar(max) NOT NULL,
        [is_active] bit NOT NULL,
        [created_at] datetimeoffset NOT NULL,
        [created_by] uniqueidentifier NULL,
        [created_by_name] nvarchar(200) NULL,
        CONSTRAINT [PK_tier_config_versions] PRIMARY KEY ([id]),
        CONSTRAINT [CK_tier_config_versions_features_json_is_json] CHECK (ISJSON(features_json) = 1),
        CONSTRAINT [FK_tier_config_versions_tier_configs_tier_config_id] FOREIGN KEY ([tier_config_id]) REFERENCES [tier_configs] ([id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE TABLE [credit_grants] (
        [id] uniqueidentifier NOT NULL,
        [user_id] uniqueidentifier NOT NULL,
        [subscription_id] uniqueidentifier NOT NULL,
        [amount] int NOT NULL,
        [source] nvarchar(16) NOT NULL,
        [rollout_id] uniqueidentifier NULL,
        [reason] nvarchar(500) NULL,
        [period_start] datetimeoffset NOT NULL,
        [period_end] datetimeoffset NOT NULL,
        [created_at] datetimeoffset NOT NULL,
        CONSTRAINT [PK_credit_grants] PRIMARY KEY ([id]),
        CONSTRAINT [FK_credit_grants_subscriptions_subscription_id] FOREIGN KEY ([subscription_id]) REFERENCES [subscriptions] ([id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE TABLE [tier_rollouts] (
        [id] uniqueidentifier NOT NULL,
        [tier_config_id] uniqueidentifier NOT NULL,
        [tier_name] nvarchar(64) NOT NULL,
        [history_entry_id] uniqueidentifier NOT NULL,
        [from_credits] int NOT NULL,
        [to_credits] int NOT NULL,
        [scheduled_for] datetimeoffset NULL,
        [status] nvarchar(16) NOT NULL,
        [eligible_count] int NOT NULL,
        [upgraded_count] int NOT NULL,
        [skipped_count] int NOT NULL,
        [created_at] datetimeoffset NOT NULL,
        [started_at] datetimeoffset NULL,
        [completed_at] datetimeoffset NULL,
        [failure_reason] nvarchar(1000) NULL,
        [processed_through] uniqueidentifier NULL,
        [lease_owner] nvarchar(200) NULL,
        [lease_expires_at] datetimeoffset NULL,
        [attempts] int NOT NULL,
        [requested_by] uniqueidentifier NULL,
        [requested_by_name] nvarchar(200) NULL,
        [request_reason] nvarchar(500) NULL,
        [cancelled_by] uniqueidentifier NULL,
        [cancelled_by_name] nvarchar(200) NULL,
        [cancelled_at] datetimeoffset NULL,
        [cancel_reason] nvarchar(1000) NULL,
        [superseded_by_history_entry_id] uniqueidentifier NULL,
        [eligible_through] uniqueidentifier NULL,
        CONSTRAINT [PK_tier_rollouts] PRIMARY KEY ([id]),
        CONSTRAINT [FK_tier_rollouts_tier_config_history_history_entry_id] FOREIGN KEY ([history_entry_id]) REFERENCES [tier_config_history] ([id]) ON DELETE NO ACTION,
        CONSTRAINT [FK_tier_rollouts_tier_configs_tier_config_id] FOREIGN KEY ([tier_config_id]) REFERENCES [tier_configs] ([id]) ON DELETE NO ACTION
    );
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_credit_grants_rollout_id_subscription_id] ON [credit_grants] ([rollout_id], [subscription_id]) WHERE rollout_id IS NOT NULL');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_credit_grants_subscription_id] ON [credit_grants] ([subscription_id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_credit_grants_user_id_created_at_id] ON [credit_grants] ([user_id], [created_at] DESC, [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_subscriptions_email] ON [subscriptions] ([email]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_subscriptions_tier_config_id_id] ON [subscriptions] ([tier_config_id], [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_subscriptions_tier_config_id_status_monthly_credit_allocation] ON [subscriptions] ([tier_config_id], [status], [monthly_credit_allocation]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_subscriptions_tier_name_status_id] ON [subscriptions] ([tier_name], [status], [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    EXEC(N'CREATE UNIQUE INDEX [IX_subscriptions_user_id] ON [subscriptions] ([user_id]) WHERE status <> ''Cancelled''');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_subscriptions_user_id_all] ON [subscriptions] ([user_id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_tier_config_history_admin_newest] ON [tier_config_history] ([changed_by], [changed_at] DESC, [config_version] DESC, [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_tier_config_history_newest] ON [tier_config_history] ([changed_at] DESC, [config_version] DESC, [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_tier_config_history_tier_config_id_config_version] ON [tier_config_history] ([tier_config_id], [config_version]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_tier_config_history_tier_newest] ON [tier_config_history] ([tier_name], [changed_at] DESC, [config_version] DESC, [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_tier_config_history_tier_type_newest] ON [tier_config_history] ([tier_name], [change_type], [changed_at] DESC, [config_version] DESC, [id]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_tier_config_versions_tier_config_id_config_version] ON [tier_config_versions] ([tier_config_id], [config_version]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_tier_configs_rank] ON [tier_configs] ([rank]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE UNIQUE INDEX [IX_tier_configs_tier_name] ON [tier_configs] ([tier_name]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_tier_rollouts_history_entry_id_created_at] ON [tier_rollouts] ([history_entry_id], [created_at]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_tier_rollouts_status_scheduled_for] ON [tier_rollouts] ([status], [scheduled_for]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    CREATE INDEX [IX_tier_rollouts_tier_config_id_status] ON [tier_rollouts] ([tier_config_id], [status]);
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135555_Initial'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125135555_Initial', N'10.0.15');
END;

COMMIT;
GO

BEGIN TRANSACTION;
IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135733_HistoryImmutability'
)
BEGIN
    EXEC(N'CREATE TRIGGER tier_config_history_immutable ON tier_config_history
    AFTER UPDATE, DELETE
    AS
    BEGIN
      SET NOCOUNT ON;
      IF NOT EXISTS (SELECT 1 FROM deleted)
        RETURN;
      IF NOT EXISTS (SELECT 1 FROM inserted)
      BEGIN
        THROW 51000, N''tier_config_history is append-only: rows cannot be deleted'', 1;
      END;
      IF EXISTS (
        SELECT 1
        FROM deleted AS d
        LEFT JOIN inserted AS i ON i.id = d.id
        WHERE i.id IS NULL
           OR d.applied_at IS NOT NULL
           OR i.applied_at IS NULL
           OR NOT EXISTS (SELECT i.id, i.tier_config_id, i.tier_name, i.config_version, i.change_type, i.previous_credits, i.new_credits, i.previous_monthly_price_usd, i.new_monthly_price_usd, i.previous_annual_price_usd, i.new_annual_price_usd, i.change_reason, i.changed_by, i.changed_at, i.changed_by_name INTERSECT SELECT d.id, d.tier_config_id, d.tier_name, d.config_version, d.change_type, d.previous_credits, d.new_credits, d.previous_monthly_price_usd, d.new_monthly_price_usd, d.previous_annual_price_usd, d.new_annual_price_usd, d.change_reason, d.changed_by, d.changed_at, d.changed_by_name))
      BEGIN
        THROW 51000, N''tier_config_history is append-only: only applied_at may be set, once, from null'', 1;
      END;
    END;');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135733_HistoryImmutability'
)
BEGIN
    EXEC(N'CREATE TRIGGER tier_config_versions_immutable ON tier_config_versions
    INSTEAD OF UPDATE, DELETE
    AS
    BEGIN
      SET NOCOUNT ON;
      IF EXISTS (SELECT 1 FROM deleted)
      BEGIN
        THROW 51001, N''tier_config_versions is immutable'', 1;
      END;
    END;');
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135733_HistoryImmutability'
)
BEGIN
    CREATE TABLE tier_config_versions_no_truncate (
      version_id uniqueidentifier NULL
        CONSTRAINT FK_tier_config_versions_no_truncate_version FOREIGN KEY REFERENCES tier_config_versions (id));
END;

IF NOT EXISTS (
    SELECT * FROM [__EFMigrationsHistory]
    WHERE [MigrationId] = N'20261125135733_HistoryImmutability'
)
BEGIN
    INSERT INTO [__EFMigrationsHistory] ([MigrationId], [ProductVersion])
    VALUES (N'20261125135733_HistoryImmutability', N'10.0.15');
END;

COMMIT;
GO

