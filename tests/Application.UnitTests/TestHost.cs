using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Rephlo.Tiers.Application;
using Rephlo.Tiers.Application.Common.Abstractions;
using Rephlo.Tiers.Application.TierConfigs;
using Rephlo.Tiers.Infrastructure;
using Rephlo.Tiers.Infrastructure.Persistence;
using Rephlo.Tiers.Infrastructure.Persistence.Seeding;

namespace Rephlo.Tiers.Application.UnitTests;

/// <summary>The real mediator, pipeline, handlers and EF Core over a throw-away SQLite file.</summary>
public sealed class TestHost : IAsyncDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"rephlo-app-{Guid.NewGuid():N}.db");

    public TestHost(IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Tiers"] = $"Data Source={_file}" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddApplication().AddInfrastructure(configuration);
        services.AddMediator(options => options.ServiceLifetime = ServiceLifetime.Scoped);
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
        services.RemoveAll<ITierEventBus>();
        services.AddSingleton<ITierEventBus>(Events);
        Services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public string ConnectionString => $"Data Source={_file}";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    public RecordingEventBus Events { get; } = new();

    public ServiceProvider Services { get; }

    public async Task<TestHost> InitializeAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return this;
    }

    public async Task<T> SendAsync<T>(IRequest<T> request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request);
    }

    public async Task<T> SendAsync<T>(ICommand<T> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    public async Task<T> SendAsync<T>(IQuery<T> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    public async Task<T> DbAsync<T>(Func<TiersDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<TiersDbContext>());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }
}

public sealed class RecordingEventBus : ITierEventBus
{
    public List<TierConfigChangedEvent> Changes { get; } = [];

    public IObservable<TierConfigChangedEvent> TierConfigChanges => throw new NotSupportedException();

    public IObservable<TierRolloutDto> RolloutProgress => throw new NotSupportedException();

    public void Publish(TierConfigChangedEvent change)
    {
        lock (Changes)
        {
            Changes.Add(change);
        }
    }

    public void Publish(TierRolloutDto rollout)
    {
    }
}
