using System.Text.Json;

namespace EventFramework.Cli.Tests;

public sealed class ListAndStatusTests
{
    private readonly EfxHarness _efx = new();

    [Fact]
    public async Task list_shows_every_registered_projection_with_its_version_and_partitions()
    {
        var run = await _efx.Run("projections", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Matches(@"totals\s+│\s+1\s+│\s+2", run.Output);
        Assert.Matches(@"balances\s+│\s+1\s+│\s+1", run.Output);
    }

    [Fact]
    public async Task list_json_is_the_projections_and_nothing_else()
    {
        var run = await _efx.Run("projections", "list", "--json");

        using var json = JsonDocument.Parse(run.Output);
        var projections = json.RootElement.GetProperty("projections").EnumerateArray().ToList();
        Assert.Equal(["totals", "balances"], projections.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal([2, 1], projections.Select(p => p.GetProperty("partitions").GetInt32()));
    }

    [Fact]
    public async Task status_table_shows_each_partition_with_its_backlog()
    {
        await _efx.Deposit(1, 2, 3);

        var run = await _efx.Run("projections", "status");

        Assert.Equal(0, run.ExitCode);
        foreach (var (name, partition) in new[] { ("totals", "0-of-2"), ("totals", "1-of-2"), ("balances", "-") })
            Assert.Matches($@"│ {name}\s+│ {partition}\s+│\s+1\s+│\s+-\s+│\s+-\s+│\s+3\s+│\s+0\s+│", run.Output);
    }

    [Fact]
    public async Task status_json_reports_version_checkpoint_backlog_and_parked_per_partition()
    {
        await _efx.Deposit(10, 20, 30, 40);
        _efx.Balances.Poison.Add(30);
        await _efx.Run("projections", "rebuild", "balances");
        await _efx.Deposit(50);

        var run = await _efx.Run("projections", "status", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var partitions = json.RootElement.GetProperty("partitions").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!);
        Assert.Equal(["totals@v1/0-of-2", "totals@v1/1-of-2", "balances@v1"], partitions.Keys);
        var totals = partitions["totals@v1/0-of-2"];
        Assert.Equal(JsonValueKind.Null, totals.GetProperty("checkpoint").ValueKind);
        Assert.Equal(JsonValueKind.Null, totals.GetProperty("activeVersion").ValueKind);
        Assert.Equal(5, totals.GetProperty("behind").GetInt64());
        var balances = partitions["balances@v1"];
        Assert.Equal("balances", balances.GetProperty("name").GetString());
        Assert.Equal(1, balances.GetProperty("version").GetInt32());
        Assert.Equal(1, balances.GetProperty("activeVersion").GetInt32());
        Assert.Equal("0/4", balances.GetProperty("checkpoint").GetString());
        Assert.Equal(1, balances.GetProperty("behind").GetInt64());
        Assert.Equal(1, balances.GetProperty("parked").GetInt32());
    }

    [Fact]
    public async Task status_of_one_projection_shows_only_its_partitions()
    {
        var run = await _efx.Run("projections", "status", "balances", "--json");

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(["balances@v1"], json.RootElement.GetProperty("partitions").EnumerateArray().Select(p => p.GetProperty("key").GetString()));
    }
}
