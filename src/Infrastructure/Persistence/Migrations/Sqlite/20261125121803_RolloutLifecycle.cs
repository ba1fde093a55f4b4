using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rephlo.Tiers.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RolloutLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tier_rollouts_history_entry_id",
                table: "tier_rollouts");

            migrationBuilder.AddColumn<string>(
                name: "cancel_reason",
                table: "tier_rollouts",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "cancelled_at",
                table: "tier_rollouts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "cancelled_by",
                table: "tier_rollouts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "cancelled_by_name",
                table: "tier_rollouts",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "request_reason",
                table: "tier_rollouts",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "requested_by",
                table: "tier_rollouts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "requested_by_name",
                table: "tier_rollouts",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "superseded_by_history_entry_id",
                table: "tier_rollouts",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "created_by_name",
                table: "tier_config_versions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "changed_by_name",
                table: "tier_config_history",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_tier_rollouts_history_entry_id_created_at",
                table: "tier_rollouts",
                columns: new[] { "history_entry_id", "created_at" });

            // The admin's name is written once, with the row: freeze it like the other columns.
            foreach (var sql in ImmutabilitySql.SqliteFreezeNames())
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in ImmutabilitySql.SqliteUnfreezeNames())
            {
                migrationBuilder.Sql(sql);
            }

            migrationBuilder.DropIndex(
                name: "IX_tier_rollouts_history_entry_id_created_at",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "cancel_reason",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "cancelled_at",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "cancelled_by",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "cancelled_by_name",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "request_reason",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "requested_by",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "requested_by_name",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "superseded_by_history_entry_id",
                table: "tier_rollouts");

            migrationBuilder.DropColumn(
                name: "created_by_name",
                table: "tier_config_versions");

            migrationBuilder.DropColumn(
                name: "changed_by_name",
                table: "tier_config_history");

            migrationBuilder.CreateIndex(
                name: "IX_tier_rollouts_history_entry_id",
                table: "tier_rollouts",
                column: "history_entry_id",
                unique: true);
        }
    }
}
