using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rephlo.Tiers.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KeysetPagingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tier_config_history_changed_at",
                table: "tier_config_history");

            migrationBuilder.DropIndex(
                name: "IX_tier_config_history_changed_by_changed_at",
                table: "tier_config_history");

            migrationBuilder.DropIndex(
                name: "IX_tier_config_history_tier_name_changed_at",
                table: "tier_config_history");

            migrationBuilder.DropIndex(
                name: "IX_subscriptions_tier_name_status",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_credit_grants_user_id_created_at",
                table: "credit_grants");

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
                name: "IX_subscriptions_tier_name_status_id",
                table: "subscriptions",
                columns: new[] { "tier_name", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_credit_grants_user_id_created_at_id",
                table: "credit_grants",
                columns: new[] { "user_id", "created_at", "id" },
                descending: new[] { false, true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tier_config_history_admin_newest",
                table: "tier_config_history");

            migrationBuilder.DropIndex(
                name: "IX_tier_config_history_newest",
                table: "tier_config_history");

            migrationBuilder.DropIndex(
                name: "IX_tier_config_history_tier_newest",
                table: "tier_config_history");

            migrationBuilder.DropIndex(
                name: "IX_tier_config_history_tier_type_newest",
                table: "tier_config_history");

            migrationBuilder.DropIndex(
                name: "IX_subscriptions_tier_name_status_id",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_credit_grants_user_id_created_at_id",
                table: "credit_grants");

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_changed_at",
                table: "tier_config_history",
                column: "changed_at");

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_changed_by_changed_at",
                table: "tier_config_history",
                columns: new[] { "changed_by", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_tier_config_history_tier_name_changed_at",
                table: "tier_config_history",
                columns: new[] { "tier_name", "changed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_tier_name_status",
                table: "subscriptions",
                columns: new[] { "tier_name", "status" });

            migrationBuilder.CreateIndex(
                name: "IX_credit_grants_user_id_created_at",
                table: "credit_grants",
                columns: new[] { "user_id", "created_at" });
        }
    }
}
