using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Rephlo.Tiers.Infrastructure.Persistence;

/// <summary>Lets <c>dotnet ef</c> build each provider's context without the API host (see build/migrations.sh).</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteTiersDbContext>
{
    public SqliteTiersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteTiersDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresTiersDbContext>
{
    public PostgresTiersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresTiersDbContext>().UseNpgsql("Host=localhost;Database=rephlo_tiers_design").Options);
}

public sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerTiersDbContext>
{
    public SqlServerTiersDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerTiersDbContext>()
            .UseSqlServer("Server=localhost;Database=rephlo_tiers_design;Integrated Security=true;TrustServerCertificate=true", SqlServerTiersDbContext.ConfigureProvider)
            .Options);
}
