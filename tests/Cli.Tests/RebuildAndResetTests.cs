using System.Text.Json;

namespace EventFramework.Cli.Tests;

public sealed class RebuildAndResetTests
{
    private readonly EfxHarness _efx = new();

    [Fact]
    public async Task rebuild_brings_every_partition_to_the_head_of_the_log_and_activates_it()
    {
        await _efx.Deposit([.. Enumerable.Range(1, 40).Select(i => (long)i)]);

        var run = await _efx.Run("projections", "rebuild", "totals");
        var status = await _efx.Run("projections", "status", "totals", "--json");

        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Rebuilt totals v1: 40 events in", run.Output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(status.Output);
        Assert.All(json.RootElement.GetProperty("partitions").EnumerateArray(), p =>
        {
            Assert.Equal(0, p.GetProperty("behind").GetInt64());
            Assert.Equal(1, p.GetProperty("activeVersion").GetInt32());
        });
    }

    [Fact]
    public async Task rebuild_json_reports_the_events_and_the_state_after_it_only()
    {
        await _efx.Deposit(5, 6, 7);

        var run = await _efx.Run("projections", "rebuild", "totals", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("totals", json.RootElement.GetProperty("projection").GetString());
        Assert.Equal("rebuild", json.RootElement.GetProperty("command").GetString());
        Assert.Equal(3, json.RootElement.GetProperty("events").GetInt64());
        Assert.All(json.RootElement.GetProperty("partitions").EnumerateArray(), p => Assert.Equal("0/3", p.GetProperty("checkpoint").GetString()));
    }

    [Fact]
    public async Task rebuild_on_a_terminal_shows_a_progress_bar_with_rate_and_eta()
    {
        await _efx.Deposit(1, 2, 3, 4);

        var run = await _efx.RunInteractive("projections", "rebuild", "totals");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("rebuild totals v1", run.Output, StringComparison.Ordinal);
        Assert.Contains("100%", run.Output, StringComparison.Ordinal);
        Assert.Contains("4/4 events", run.Output, StringComparison.Ordinal);
        Assert.Contains("events/s", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_rebuild_that_throws_exits_1_with_the_reason()
    {
        _efx.BalancesOnPoison = PoisonPolicy.Stop;
        _efx.Balances.Poison.Add(13);
        await _efx.Deposit(1, 13);

        var run = await _efx.Run("projections", "rebuild", "balances", "--json");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("efx: Projection 'balances' stopped at event", run.ErrorLine, StringComparison.Ordinal);
        Assert.EndsWith("cannot apply a deposit of 13", run.ErrorLine, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task an_interrupted_rebuild_exits_130()
    {
        await _efx.Deposit(1, 2, 3);

        var run = await _efx.RunInterrupted("projections", "rebuild", "totals");

        Assert.Equal(130, run.ExitCode);
        Assert.StartsWith("efx: interrupted;", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task reset_recomputes_a_projection_that_can_clear_itself()
    {
        await _efx.Deposit(1, 2);
        await _efx.Run("projections", "rebuild", "totals");
        await _efx.Deposit(3);

        var run = await _efx.Run("projections", "reset", "totals", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(3, json.RootElement.GetProperty("events").GetInt64());
        Assert.All(json.RootElement.GetProperty("partitions").EnumerateArray(), p => Assert.Equal(0, p.GetProperty("behind").GetInt64()));
    }

    [Fact]
    public async Task reset_of_a_projection_that_cannot_clear_itself_fails_with_one_line()
    {
        await _efx.Deposit(1);

        var run = await _efx.Run("projections", "reset", "balances");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("efx: Projection 'balances' does not override Clear, so it cannot be reset in place.", run.ErrorLine);
    }
}
