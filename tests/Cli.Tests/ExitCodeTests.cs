namespace EventFramework.Cli.Tests;

public sealed class ExitCodeTests
{
    private readonly EfxHarness _efx = new();

    [Theory]
    [InlineData("status")]
    [InlineData("rebuild")]
    [InlineData("reset")]
    [InlineData("parked")]
    [InlineData("replay")]
    public async Task an_unknown_projection_exits_3_naming_the_known_ones(string verb)
    {
        var run = await _efx.Run("projections", verb, "nope");

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("efx: no projection named 'nope' (known: totals, balances).", run.ErrorLine);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("projections", "frobnicate")]
    [InlineData("projections", "list", "--frobnicate")]
    public async Task an_unknown_command_or_option_exits_2(params string[] args)
    {
        var run = await _efx.Run(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"efx: unknown command or option '{args[^1]}' (see efx --help).", run.ErrorLine);
        Assert.Empty(_efx.Connections);
    }

    [Fact]
    public async Task a_missing_argument_or_command_exits_2()
    {
        var rebuild = await _efx.Run("projections", "rebuild");
        var nothing = await _efx.Run("projections");

        Assert.Equal(2, rebuild.ExitCode);
        Assert.Equal("efx: Required argument missing for command: 'rebuild' (see efx --help).", rebuild.ErrorLine);
        Assert.Equal(2, nothing.ExitCode);
        Assert.Equal("efx: 'efx projections' needs a command: list, status, rebuild, reset, parked, replay (see efx --help).", nothing.ErrorLine);
    }

    [Fact]
    public async Task a_missing_connection_exits_2_saying_where_to_give_it()
    {
        var run = await _efx.RunAsGiven("projections", "list");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("efx: no connection: pass --connection or set EFX_CONNECTION (a PostgreSQL connection string or a SQLite file path).", run.ErrorLine);
    }

    [Fact]
    public async Task a_connection_that_names_no_database_exits_2()
    {
        var run = await _efx.Run("projections", "list", "--connection", "Hots=db");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("efx: Not a PostgreSQL connection string:", run.ErrorLine, StringComparison.Ordinal);
        Assert.Empty(_efx.Connections);
    }

    [Fact]
    public async Task the_connection_comes_from_the_environment_and_the_option_wins()
    {
        _efx.Environment[EfxConnection.EnvironmentVariable] = "Host=from-environment";

        await _efx.RunAsGiven("projections", "list");
        await _efx.RunAsGiven("projections", "list", "--connection", "bank.db");

        Assert.Equal([EfxConnection.PostgreSql("Host=from-environment"), EfxConnection.Sqlite("bank.db")], _efx.Connections);
    }

    [Fact]
    public async Task an_unreachable_database_exits_4()
    {
        _efx.Factory = _ => throw new EventStoreUnavailableException("PostgreSQL", "connect", new TimeoutException("timed out"));

        var run = await _efx.Run("projections", "status");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal("efx: The PostgreSQL event store is unavailable during connect: timed out", run.ErrorLine);
    }

    [Fact]
    public async Task a_database_lost_during_a_command_exits_4()
    {
        _efx.Factory = _ => new UnreachableCatalog();

        var run = await _efx.Run("projections", "status", "--json");

        Assert.Equal(4, run.ExitCode);
        Assert.Equal("efx: The SQLite event store is unavailable during count events: disk gone", run.ErrorLine);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("projections", "--help")]
    [InlineData("projections", "rebuild", "--help")]
    public async Task help_exits_0_with_the_commands_and_the_exit_codes(params string[] args)
    {
        var run = await _efx.RunAsGiven(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("Usage:", run.Output, StringComparison.Ordinal);
        Assert.Contains("4    cannot reach the database", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task projections_help_lists_every_subcommand()
    {
        var run = await _efx.RunAsGiven("projections", "--help");

        foreach (var verb in new[] { "list", "status", "rebuild <NAME>", "reset <NAME>", "parked <NAME>", "replay <NAME>" })
            Assert.Contains($"  {verb}", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list")]
    [InlineData("status")]
    [InlineData("rebuild", "totals")]
    [InlineData("reset", "totals")]
    [InlineData("parked", "totals")]
    [InlineData("replay", "totals")]
    public async Task the_standalone_efx_sends_every_projections_command_to_the_service(params string[] args)
    {
        var run = await _efx.RunStandalone(["projections", .. args]);

        Assert.Equal(3, run.ExitCode);
        Assert.StartsWith($"efx: 'efx projections {args[0]}' needs the service's projection code; run it through the service", run.ErrorLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task the_public_entry_point_runs_the_service_catalog()
    {
        using var console = new Spectre.Console.Testing.TestConsole();
        var error = new StringWriter();

        var code = await Efx.Run(["projections", "list", "--json", "--connection", EfxHarness.Connection], _efx.Catalog, console, error);

        Assert.Equal(0, code);
        Assert.Contains("\"name\": \"totals\"", console.Output, StringComparison.Ordinal);
        Assert.Equal([EfxConnection.PostgreSql(EfxHarness.Connection)], _efx.Connections);
    }

    /// <summary>A catalog whose database goes away after it was built.</summary>
    private sealed class UnreachableCatalog : IProjectionCatalog
    {
        public IReadOnlyList<ProjectionInfo> Projections => [new("totals", 1, 1)];

        public Task<IReadOnlyList<ProjectionReport>> Status(string? name = null, CancellationToken ct = default) =>
            throw new InvalidOperationException("status failed", new EventStoreUnavailableException("SQLite", "count events", new IOException("disk gone")));

        public Task Rebuild(string name, IProgress<RebuildProgress>? progress = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task Reset(string name, IProgress<RebuildProgress>? progress = null, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<ParkedEvent>> Parked(string name, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<ReplayResult> Replay(string name, CancellationToken ct = default) => throw new NotSupportedException();
    }
}
