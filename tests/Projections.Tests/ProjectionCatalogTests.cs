namespace EventFramework.Projections.Tests;

public sealed class ProjectionCatalogTests
{
    private readonly InMemoryEventStore _store = new();
    private readonly InMemoryProjectionSink _sink = new();
    private readonly EventSerializer _serializer = Ledger.Serializer();

    private static ProjectionOptions Fast => new() { BatchSize = 50, Subscription = new() { PollInterval = TimeSpan.FromMilliseconds(50) } };

    [Fact]
    public async Task status_reports_checkpoint_backlog_and_parked_events_per_partition()
    {
        await Deposit(40);
        var catalog = Catalog(new Totals(1).Register(), Fast with { Partitions = 2 });

        var before = await catalog.Status("totals");
        await catalog.Rebuild("totals");
        var after = await catalog.Status();

        Assert.Equal(["totals@v1/0-of-2", "totals@v1/1-of-2"], before.Select(r => r.Key));
        Assert.All(before, r => Assert.Equal(40, r.Behind));
        Assert.All(after, r => Assert.Equal(0, r.Behind));
        Assert.All(after, r => Assert.Equal(1, r.ActiveVersion));
        Assert.Equal([new ProjectionInfo("totals", 1, 2)], catalog.Projections);
    }

    [Fact]
    public async Task a_new_version_builds_beside_the_served_one_and_is_activated_at_once()
    {
        await Deposit(30);
        await Catalog(new Totals(1).Register()).Rebuild("totals");
        var v1 = Document<Totals.Sum>("totals@v1");
        var progress = new List<RebuildProgress>();

        await Catalog(new Totals(2, multiplier: 10).Register()).Rebuild("totals", new SynchronousProgress(progress));

        Assert.Equal(v1, Document<Totals.Sum>("totals@v1"));        // the old version was left alone
        Assert.Equal(new Totals.Sum(v1!.Amount * 10, 30), Document<Totals.Sum>("totals@v2"));
        Assert.Equal(new Totals.Served(2), Document<Totals.Served>("totals"));
        Assert.Equal(2, await _sink.ActiveVersion("totals"));
        Assert.Equal(new RebuildProgress(30, 30, progress[^1].EventsPerSecond), progress[^1]);
    }

    [Fact]
    public async Task reset_recomputes_in_place_without_counting_twice()
    {
        await Deposit(25);
        var catalog = Catalog(new Totals(1).Register());
        await catalog.Rebuild("totals");
        var built = Document<Totals.Sum>("totals@v1");

        await catalog.Reset("totals");

        Assert.Equal(built, Document<Totals.Sum>("totals@v1"));
        Assert.Equal(25, built!.Count);
    }

    [Fact]
    public async Task rebuilding_with_nothing_to_apply_returns()
    {
        var catalog = Catalog(new Totals(1).Register());
        await catalog.Rebuild("totals").WaitAsync(TimeSpan.FromSeconds(10));
        await Deposit(5);
        await catalog.Rebuild("totals").WaitAsync(TimeSpan.FromSeconds(10));
        await catalog.Rebuild("totals").WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5, Document<Totals.Sum>("totals@v1")!.Count);
    }

    [Fact]
    public async Task reset_is_refused_for_a_projection_that_cannot_clear_itself()
    {
        await Deposit(3);
        var catalog = Catalog(new Ledger());
        await Assert.ThrowsAsync<NotSupportedException>(() => catalog.Reset("ledger"));
    }

    [Fact]
    public async Task parked_events_are_listed_and_replayed_through_the_catalog()
    {
        await _store.Append(_serializer, new StreamName("Account-z"), ExpectedVersion.Any, [new Deposited("z", 13)]);
        var ledger = new Ledger { Poison = { 13 } };
        var catalog = Catalog(ledger);
        await catalog.Rebuild("ledger");

        Assert.Single(await catalog.Parked("ledger"));
        ledger.Poison.Clear();
        Assert.Equal(1, (await catalog.Replay("ledger")).Applied);
        Assert.Empty(await catalog.Parked("ledger"));
    }

    [Fact]
    public async Task an_unknown_projection_name_lists_the_known_ones()
    {
        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => Catalog(new Totals(1).Register()).Status("nope"));
        Assert.Contains("known: totals", error.Message, StringComparison.Ordinal);
    }

    private ProjectionCatalog<InMemoryDocuments> Catalog(Projection<InMemoryDocuments> projection, ProjectionOptions? options = null) =>
        new ProjectionCatalog<InMemoryDocuments>(_store, _sink, _serializer).Add(projection, options ?? Fast);

    private T? Document<T>(string id) where T : class => _sink.Documents.GetValueOrDefault(id) as T;

    private async Task Deposit(int count)
    {
        for (var i = 0; i < count; i++)
            await _store.Append(_serializer, new StreamName($"Account-{i % 9}"), ExpectedVersion.Any, [new Deposited($"{i % 9}", i + 1)]);
    }

    private sealed class SynchronousProgress(List<RebuildProgress> reports) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => reports.Add(value);
    }
}
