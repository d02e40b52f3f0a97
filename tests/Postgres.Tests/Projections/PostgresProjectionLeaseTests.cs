namespace EventFramework.Postgres.Tests.Projections;

public sealed class PostgresProjectionLeaseTests(PostgresProjectionSinkFixture fixture) : IClassFixture<PostgresProjectionSinkFixture>
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    private PostgresProjectionLease Lease => new(fixture.DataSource, fixture.Name);

    [Fact]
    public async Task a_second_owner_gets_nothing_while_the_lease_is_held()
    {
        var key = Key();

        var held = await Lease.TryAcquire(key, "a", Long);

        Assert.NotNull(held);
        Assert.Equal(1, held.Token);
        Assert.Null(await Lease.TryAcquire(key, "b", Long));
    }

    [Fact]
    public async Task another_owner_takes_over_after_expiry_with_a_higher_token()
    {
        var key = Key();
        var first = await Lease.TryAcquire(key, "a", TimeSpan.FromMilliseconds(300));
        Assert.Null(await Lease.TryAcquire(key, "b", Long));

        await Task.Delay(400);
        var second = await Lease.TryAcquire(key, "b", Long);

        Assert.NotNull(second);
        Assert.True(second.Token > first!.Token);
        Assert.Null(await Lease.TryAcquire(key, "a", Long)); // the old holder cannot renew into it
    }

    [Fact]
    public async Task renewal_keeps_the_token_and_extends_the_expiry()
    {
        var key = Key();
        var first = await Lease.TryAcquire(key, "a", TimeSpan.FromSeconds(10));

        var renewed = await Lease.TryAcquire(key, "a", TimeSpan.FromSeconds(30));

        Assert.NotNull(renewed);
        Assert.Equal(first!.Token, renewed.Token);
        Assert.True(renewed.ExpiresAt > first.ExpiresAt.AddSeconds(15));
    }

    [Fact]
    public async Task release_lets_another_owner_take_it_at_once()
    {
        var key = Key();
        var held = await Lease.TryAcquire(key, "a", Long);

        await Lease.Release(held!);
        var taken = await Lease.TryAcquire(key, "b", Long);

        Assert.NotNull(taken);
        Assert.Equal(held!.Token + 1, taken.Token);
    }

    [Fact]
    public async Task a_stale_release_does_not_free_the_current_holder()
    {
        var key = Key();
        var old = await Lease.TryAcquire(key, "a", TimeSpan.FromMilliseconds(200));
        await Task.Delay(300);
        var current = await Lease.TryAcquire(key, "b", Long);

        await Lease.Release(old!);

        Assert.NotNull(current);
        Assert.Null(await Lease.TryAcquire(key, "a", Long));
    }

    [Fact]
    public async Task concurrent_owners_racing_for_a_free_lease_get_it_once()
    {
        var key = Key();

        var grants = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Lease.TryAcquire(key, $"owner-{i}", Long)));

        var winner = Assert.Single(grants, g => g is not null);
        Assert.Equal(1, winner!.Token);
    }

    [Fact]
    public async Task expiry_is_timed_by_the_database_clock()
    {
        var key = Key();

        var grant = await Lease.TryAcquire(key, "a", TimeSpan.FromSeconds(30));

        await using var cmd = fixture.DataSource.CreateCommand("select now()");
        var databaseNow = (DateTime)(await cmd.ExecuteScalarAsync())!;
        Assert.InRange(grant!.ExpiresAt - new DateTimeOffset(databaseNow), TimeSpan.FromSeconds(29), TimeSpan.FromSeconds(30));
    }

    private static string Key() => $"lease-{Guid.NewGuid():N}";
}
