using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rephlo.Tiers.Infrastructure.Persistence.Migrations.Sqlite
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
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    balance = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_balances", x => x.user_id);
                });

            migrationBuilder.CreateTable(
                name: "tier_configs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tier_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    display_name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    rank = table.Column<int>(type: "INTEGER", nullable: false),
                    monthly_price_usd = table.Column<long>(type: "INTEGER", nullable: false),
                    annual_price_usd = table.Column<long>(type: "INTEGER", nullable: false),
                    monthly_credit_allocation = table.Column<int>(type: "INTEGER", nullable: false),
                    max_credit_rollover = table.Column<int>(type: "INTEGER", nullable: false),
                    features_json = table.Column<string>(type: "TEXT", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    config_version = table.Column<int>(type: "INTEGER", nullable: false),
                    last_modified_by = table.Column<Guid>(type: "TEXT", nullable: true),
                    last_modified_at = table.Column<long>(type: "INTEGER", nullable: false),
                    apply_to_existing_users = table.Column<bool>(type: "INTEGER", nullable: false),
                    rollout_start_date = table.Column<long>(type: "INTEGER", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tier_configs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    tier_config_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tier_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    billing_cycle = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    base_price_usd = table.Column<long>(type: "INTEGER", nullable: false),
                    monthly_credit_allocation = table.Column<int>(type: "INTEGER", nullable: false),
                    current_period_start = table.Column<long>(type: "INTEGER", nullable: false),
                    current_period_end = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tier_config_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tier_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    config_version = table.Column<int>(type: "INTEGER", nullable: false),
                    change_type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    previous_credits = table.Column<int>(type: "INTEGER", nullable: false),
                    new_credits = table.Column<int>(type: "INTEGER", nullable: false),
                    previous_monthly_price_usd = table.Column<long>(type: "INTEGER", nullable: false),
                    new_monthly_price_usd = table.Column<long>(type: "INTEGER", nullable: false),
                    previous_annual_price_usd = table.Column<long>(type: "INTEGER", nullable: false),
                    new_annual_price_usd = table.Column<long>(type: "INTEGER", nullable: false),
                    change_reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    affected_users_count = table.Column<int>(type: "INTEGER", nullable: false),
                    changed_by = table.Column<Guid>(type: "TEXT", nullable: false),
                    changed_at = table.Column<long>(type: "INTEGER", nullable: false),
                    applied_at = table.Column<long>(type: "INTEGER", nullable: true)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tier_config_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    config_version = table.Column<int>(type: "INTEGER", nullable: false),
                    monthly_price_usd = table.Column<long>(type: "INTEGER", nullable: false),
                    annual_price_usd = table.Column<long>(type: "INTEGER", nullable: false),
                    monthly_credit_allocation = table.Column<int>(type: "INTEGER", nullable: false),
                    max_credit_rollover = table.Column<int>(type: "INTEGER", nullable: false),
                    features_json = table.Column<string>(type: "TEXT", nullable: false),
                    is_active = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tier_config_versions", x => x.id);
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    subscription_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    amount = table.Column<int>(type: "INTEGER", nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    rollout_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    period_start = table.Column<long>(type: "INTEGER", nullable: false),
                    period_end = table.Column<long>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tier_config_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    tier_name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    history_entry_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    from_credits = table.Column<int>(type: "INTEGER", nullable: false),
                    to_credits = table.Column<int>(type: "INTEGER", nullable: false),
                    scheduled_for = table.Column<long>(type: "INTEGER", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    eligible_count = table.Column<int>(type: "INTEGER", nullable: false),
                    upgraded_count = table.Column<int>(type: "INTEGER", nullable: false),
                    skipped_count = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    failure_reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
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
                name: "IX_credit_grants_user_id_created_at",
                table: "credit_grants",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_email",
                table: "subscriptions",
                column: "email");

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_tier_config_id_status_monthly_credit_allocation",
                table: "subscriptions",
                columns: new[] { "tier_config_id", "status", "monthly_credit_allocation" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_tier_name_status",
                table: "subscriptions",
                columns: new[] { "tier_name", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_user_id",
                table: "subscriptions",
                column: "user_id",
                unique: true,
                filter: "status <> 'Cancelled'");

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_changed_at",
                table: "tier_config_history",
                column: "changed_at");

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_changed_by_changed_at",
                table: "tier_config_history",
                columns: new[] { "changed_by", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_tier_config_id_config_version",
                table: "tier_config_history",
                columns: new[] { "tier_config_id", "config_version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_tier_name_changed_at",
                table: "tier_config_history",
                columns: new[] { "tier_name", "changed_at" });

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
                name: "IX_tier_rollouts_history_entry_id",
                table: "tier_rollouts",
                column: "history_entry_id",
                unique: true);

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
