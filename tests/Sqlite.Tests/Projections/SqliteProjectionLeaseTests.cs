namespace EventFramework.Sqlite.Tests.Projections;

/// <summary>Leases in the store's file behave as the in-memory reference: tokens grow at each change of owner.</summary>
public sealed class SqliteProjectionLeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);
    private readonly SqliteProjectionSinkFixture _db = new();
    private readonly ManualClock _clock = new();
    private SqliteProjectionLease _lease = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        _lease = new SqliteProjectionLease(_db.Store, _clock);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task the_first_owner_gets_token_one_until_its_lease_expires()
    {
        var grant = await _lease.TryAcquire("balances", "a", Duration);

        Assert.Equal(new LeaseGrant("balances", "a", 1, _clock.GetUtcNow() + Duration), grant);
    }

    [Fact]
    public async Task renewal_keeps_the_token_and_extends_the_expiry()
    {
        await _lease.TryAcquire("balances", "a", Duration);
        _clock.Advance(TimeSpan.FromSeconds(9));

        var renewed = await _lease.TryAcquire("balances", "a", Duration);

        Assert.Equal(1, renewed!.Token);
        Assert.Equal(_clock.GetUtcNow() + Duration, renewed.ExpiresAt);
    }

    [Fact]
    public async Task another_owner_is_refused_while_the_lease_is_held_and_takes_over_with_the_next_token_after_expiry()
    {
        await _lease.TryAcquire("balances", "a", Duration);
        _clock.Advance(Duration - TimeSpan.FromMilliseconds(1));
        Assert.Null(await _lease.TryAcquire("balances", "b", Duration));

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var takeover = await _lease.TryAcquire("balances", "b", Duration);

        Assert.Equal(("b", 2L), (takeover!.Owner, takeover.Token));
        Assert.Null(await _lease.TryAcquire("balances", "a", Duration)); // the old holder is now the one refused
    }

    [Fact]
    public async Task an_owner_coming_back_after_its_own_expiry_gets_a_new_token()
    {
        await _lease.TryAcquire("balances", "a", Duration);
        _clock.Advance(Duration);

        Assert.Equal(2, (await _lease.TryAcquire("balances", "a", Duration))!.Token);
    }

    [Fact]
    public async Task release_lets_another_owner_take_over_at_once()
    {
        var grant = await _lease.TryAcquire("balances", "a", Duration);

        await _lease.Release(grant!);

        Assert.Equal(2, (await _lease.TryAcquire("balances", "b", Duration))!.Token);
    }

    [Fact]
    public async Task a_stale_release_after_a_takeover_changes_nothing()
    {
        var old = await _lease.TryAcquire("balances", "a", Duration);
        _clock.Advance(Duration);
        var current = await _lease.TryAcquire("balances", "b", Duration);

        await _lease.Release(old!);

        Assert.Null(await _lease.TryAcquire("balances", "a", Duration));
        Assert.Equal(current!.Token, (await _lease.TryAcquire("balances", "b", Duration))!.Token);
    }

    [Fact]
    public async Task keys_are_leased_independently()
    {
        await _lease.TryAcquire("balances/0-of-2", "a", Duration);

        Assert.NotNull(await _lease.TryAcquire("balances/1-of-2", "b", Duration));
        Assert.Null(await _lease.TryAcquire("balances/0-of-2", "b", Duration));
    }

    [Fact]
    public async Task a_scripted_history_gives_the_same_grants_as_the_in_memory_lease()
    {
        var reference = new InMemoryProjectionLease(_clock);
        var steps = new (string Owner, int AdvanceSeconds, bool Release)[]
        {
            ("a", 0, false), ("b", 3, false), ("a", 5, false), ("a", 11, false), ("b", 0, false), ("b", 4, true),
            ("a", 0, false), ("a", 10, false), ("c", 1, false), ("a", 0, false), ("c", 20, false), ("c", 0, true), ("c", 0, false),
        };

        foreach (var (owner, advance, release) in steps)
        {
            _clock.Advance(TimeSpan.FromSeconds(advance));
            var expected = await reference.TryAcquire("balances", owner, Duration);
            var actual = await _lease.TryAcquire("balances", owner, Duration);
            Assert.Equal(expected, actual);
            if (release && expected is not null)
            {
                await reference.Release(expected);
                await _lease.Release(actual!);
            }
        }
    }

    [Fact]
    public async Task owners_racing_through_separate_stores_on_one_file_get_one_grant()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => new SqliteEventStore(_db.Store.Options)).ToList();
        try
        {
            var grants = await Task.WhenAll(stores.SelectMany((store, i) => Enumerable.Range(0, 4).Select(j =>
                Task.Run(() => new SqliteProjectionLease(store, _clock).TryAcquire("balances", $"owner-{i}-{j}", Duration)))));

            var winner = Assert.Single(grants, g => g is not null);
            Assert.Equal(1, winner!.Token);
        }
        finally
        {
            foreach (var store in stores) await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task arguments_are_checked()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _lease.TryAcquire("balances", "a", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentException>(() => _lease.TryAcquire("", "a", Duration));
        await Assert.ThrowsAsync<ArgumentException>(() => _lease.TryAcquire("balances", "", Duration));
    }
}
