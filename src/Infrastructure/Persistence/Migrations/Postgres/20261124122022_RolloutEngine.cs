using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rephlo.Tiers.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RolloutEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "attempts",
                table: "tier_rollouts",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "lease_expires_at",
                table: "tier_rollouts",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "lease_owner",
                table: "tier_rollouts",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "processed_through",
                table: "tier_rollouts",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_tier_config_id_id",
                table: "subscriptions",
                columns: new[] { "tier_config_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_subscriptions_user_id_all",
                table: "subscriptions",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_subscriptions_tier_config_id_id",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_subscriptions_user_id_all",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "attempts",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "lease_expires_at",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "lease_owner",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "processed_through",
                table: "tier_rollouts");
        }
    }
}
