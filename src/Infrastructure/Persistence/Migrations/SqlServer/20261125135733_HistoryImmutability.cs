using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rephlo.Tiers.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class HistoryImmutability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in ImmutabilitySql.SqlServerUp())
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in ImmutabilitySql.SqlServerDown())
            {
                migrationBuilder.Sql(sql);
            }
        }
    }
}
