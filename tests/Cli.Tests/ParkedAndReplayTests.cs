using System.Text.Json;

namespace EventFramework.Cli.Tests;

public sealed class ParkedAndReplayTests
{
    private readonly EfxHarness _efx = new();

    public ParkedAndReplayTests() => _efx.Balances.Poison.Add(13);

    [Fact]
    public async Task parked_lists_the_poison_event_with_its_error()
    {
        await _efx.Deposit(1, 13, 2);
        await _efx.Run("projections", "rebuild", "balances");

        var table = await _efx.Run("projections", "parked", "balances");
        var run = await _efx.Run("projections", "parked", "balances", "--json");

        Assert.Contains("cannot apply a deposit of 13", table.Output, StringComparison.Ordinal);
        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var parked = Assert.Single(json.RootElement.GetProperty("events").EnumerateArray());
        Assert.Equal("Account-1", parked.GetProperty("stream").GetString());
        Assert.Equal("0/2", parked.GetProperty("position").GetString());
        Assert.Equal("Deposited", parked.GetProperty("eventType").GetString());
        Assert.Contains("cannot apply a deposit of 13", parked.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task replay_after_a_fix_applies_every_parked_event_and_exits_0()
    {
        await _efx.Deposit(13);
        await _efx.Run("projections", "rebuild", "balances");
        _efx.Balances.Poison.Clear();

        var run = await _efx.Run("projections", "replay", "balances", "--json");
        var parked = await _efx.Run("projections", "parked", "balances");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(1, json.RootElement.GetProperty("applied").GetInt32());
        Assert.Empty(json.RootElement.GetProperty("stillFailing").EnumerateObject());
        Assert.Contains("No parked events for balances v1.", parked.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task replay_that_leaves_streams_failing_exits_1_naming_them()
    {
        await _efx.Deposit(13);
        await _efx.Run("projections", "rebuild", "balances");

        var run = await _efx.Run("projections", "replay", "balances");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Replayed 0 parked event(s) of balances v1.", run.Output, StringComparison.Ordinal);
        Assert.Equal("efx: replay left 1 stream(s) of balances still failing: Account-0.", run.ErrorLine);
    }
}
