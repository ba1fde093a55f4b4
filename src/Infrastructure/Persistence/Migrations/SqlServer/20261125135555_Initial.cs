using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rephlo.Tiers.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "credit_balances",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    balance = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_balances", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "tier_configs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    tier_name = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    display_name = table.Column<string>(type: "nvarchar(128)", maxLength: 128, nullable: false),
                    rank = table.Column<int>(type: "int", nullable: false),
                    monthly_price_usd = table.Column<decimal>(type: "decimal(12,2)", precision: 12, scale: 2, nullable: false),
                    annual_price_usd = table.Column<decimal>(type: "decimal(12,2)", precision: 12, scale: 2, nullable: false),
                    monthly_credit_allocation = table.Column<int>(type: "int", nullable: false),
                    max_credit_rollover = table.Column<int>(type: "int", nullable: false),
                    features_json = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    is_active = table.Column<bool>(type: "bit", nullable: false),
                    config_version = table.Column<int>(type: "int", nullable: false),
                    last_modified_by = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    last_modified_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    apply_to_existing_users = table.Column<bool>(type: "bit", nullable: false),
                    rollout_start_date = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tier_configs", x => x.id);
                    table.CheckConstraint("CK_tier_configs_features_json_is_json", "ISJSON(features_json) = 1");
                });

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    email = table.Column<string>(type: "nvarchar(254)", maxLength: 254, nullable: true),
                    tier_config_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    tier_name = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    billing_cycle = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    base_price_usd = table.Column<decimal>(type: "decimal(12,2)", precision: 12, scale: 2, nullable: false),
                    monthly_credit_allocation = table.Column<int>(type: "int", nullable: false),
                    current_period_start = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    current_period_end = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_subscriptions", x => x.id);
                    table.ForeignKey(
                        name: "FK_subscriptions_tier_configs_tier_config_id",
                        column: x => x.tier_config_id,
                        principalTable: "tier_configs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tier_config_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    tier_config_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    tier_name = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    config_version = table.Column<int>(type: "int", nullable: false),
                    change_type = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    previous_credits = table.Column<int>(type: "int", nullable: false),
                    new_credits = table.Column<int>(type: "int", nullable: false),
                    previous_monthly_price_usd = table.Column<decimal>(type: "decimal(12,2)", precision: 12, scale: 2, nullable: false),
                    new_monthly_price_usd = table.Column<decimal>(type: "decimal(12,2)", precision: 12, scale: 2, nullable: false),
                    previous_annual_price_usd = table.Column<decimal>(type: "decimal(12,2)", precision: 12, scale: 2, nullable: false),
                    new_annual_price_usd = table.Column<decimal>(type: "decimal(12,2)", precision: 12, scale: 2, nullable: false),
                    change_reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: false),
                    affected_users_count = table.Column<int>(type: "int", nullable: false),
                    changed_by = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    changed_by_name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tier_config_history", x => x.id);
                    table.ForeignKey(
                        name: "FK_tier_config_history_tier_configs_tier_config_id",
                        column: x => x.tier_config_id,
                        principalTable: "tier_configs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tier_config_versions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    tier_config_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    config_version = table.Column<int>(type: "int", nullable: false),
                    monthly_price_usd = table.Column<decimal>(type: "decimal(12,2)", precision: 12, scale: 2, nullable: false),
                    annual_price_usd = table.Column<decimal>(type: "decimal(12,2)", precision: 12, scale: 2, nullable: false),
                    monthly_credit_allocation = table.Column<int>(type: "int", nullable: false),
                    max_credit_rollover = table.Column<int>(type: "int", nullable: false),
                    features_json = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    is_active = table.Column<bool>(type: "bit", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    created_by = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    created_by_name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tier_config_versions", x => x.id);
                    table.CheckConstraint("CK_tier_config_versions_features_json_is_json", "ISJSON(features_json) = 1");
                    table.ForeignKey(
                        name: "FK_tier_config_versions_tier_configs_tier_config_id",
                        column: x => x.tier_config_id,
                        principalTable: "tier_configs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "credit_grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    user_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    subscription_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    amount = table.Column<int>(type: "int", nullable: false),
                    source = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    rollout_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    period_start = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    period_end = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_grants", x => x.id);
                    table.ForeignKey(
                        name: "FK_credit_grants_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "tier_rollouts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    tier_config_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    tier_name = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    history_entry_id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    from_credits = table.Column<int>(type: "int", nullable: false),
                    to_credits = table.Column<int>(type: "int", nullable: false),
                    scheduled_for = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    status = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    eligible_count = table.Column<int>(type: "int", nullable: false),
                    upgraded_count = table.Column<int>(type: "int", nullable: false),
                    skipped_count = table.Column<int>(type: "int", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    failure_reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    processed_through = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    lease_owner = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    lease_expires_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    requested_by = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    requested_by_name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    request_reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    cancelled_by = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    cancelled_by_name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    cancelled_at = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    cancel_reason = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    superseded_by_history_entry_id = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    eligible_through = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tier_rollouts", x => x.id);
                    table.ForeignKey(
                        name: "FK_tier_rollouts_tier_config_history_history_entry_id",
                        column: x => x.history_entry_id,
                        principalTable: "tier_config_history",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_tier_rollouts_tier_configs_tier_config_id",
                        column: x => x.tier_config_id,
                        principalTable: "tier_configs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_credit_grants_rollout_id_subscription_id",
                table: "credit_grants",
                columns: new[] { "rollout_id", "subscription_id" },
                unique: true,
                filter: "rollout_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_credit_grants_subscription_id",
                table: "credit_grants",
                column: "subscription_id");

            migrationBuilder.CreateIndex(
                name: "IX_credit_grants_user_id_created_at_id",
                table: "credit_grants",
                columns: new[] { "user_id", "created_at", "id" },
                descending: new[] { false, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_email",
                table: "subscriptions",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_tier_config_id_id",
                table: "subscriptions",
                columns: new[] { "tier_config_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_tier_config_id_status_monthly_credit_allocation",
                table: "subscriptions",
                columns: new[] { "tier_config_id", "status", "monthly_credit_allocation" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_tier_name_status_id",
                table: "subscriptions",
                columns: new[] { "tier_name", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_user_id",
                table: "subscriptions",
                column: "user_id",
                unique: true,
                filter: "status <> 'Cancelled'");

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_user_id_all",
                table: "subscriptions",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_admin_newest",
                table: "tier_config_history",
                columns: new[] { "changed_by", "changed_at", "config_version", "id" },
                descending: new[] { false, true, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_newest",
                table: "tier_config_history",
                columns: new[] { "changed_at", "config_version", "id" },
                descending: new[] { true, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_tier_config_id_config_version",
                table: "tier_config_history",
                columns: new[] { "tier_config_id", "config_version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_tier_newest",
                table: "tier_config_history",
                columns: new[] { "tier_name", "changed_at", "config_version", "id" },
                descending: new[] { false, true, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_tier_type_newest",
                table: "tier_config_history",
                columns: new[] { "tier_name", "change_type", "changed_at", "config_version", "id" },
                descending: new[] { false, false, true, true, false });

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_versions_tier_config_id_config_version",
                table: "tier_config_versions",
                columns: new[] { "tier_config_id", "config_version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tier_configs_rank",
                table: "tier_configs",
                column: "rank");

            migrationBuilder.CreateIndex(
                name: "IX_tier_configs_tier_name",
                table: "tier_configs",
                column: "tier_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tier_rollouts_history_entry_id_created_at",
                table: "tier_rollouts",
                columns: new[] { "history_entry_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_tier_rollouts_status_scheduled_for",
                table: "tier_rollouts",
                columns: new[] { "status", "scheduled_for" });

            migrationBuilder.CreateIndex(
                name: "IX_tier_rollouts_tier_config_id_status",
                table: "tier_rollouts",
                columns: new[] { "tier_config_id", "status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_balances");

            migrationBuilder.DropTable(
                name: "credit_grants");

            migrationBuilder.DropTable(
                name: "tier_config_versions");

            migrationBuilder.DropTable(
                name: "tier_rollouts");

            migrationBuilder.DropTable(
                name: "subscriptions");

            migrationBuilder.DropTable(
                name: "tier_config_history");

            migrationBuilder.DropTable(
                name: "tier_configs");
        }
    }
}
