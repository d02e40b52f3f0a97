using EventFramework.Samples.Bank.Hosting;
using EventFramework.Samples.Bank.LoadGen;
using EventFramework.Testing;
using Npgsql;
using Spectre.Console.Testing;
using Xunit.Abstractions;

namespace EventFramework.Samples.Bank.Tests;

public sealed class BankEfxTests(ITestOutputHelper output)
{
    [Fact]
    public async Task resetting_and_rebuilding_the_statements_while_loadgen_runs_leaves_the_invariants_intact()
    {
        var schema = $"bank_efx_{Guid.NewGuid():N}"[..19];
        var options = new BankOptions { Postgres = PostgresServer.ConnectionString, PostgresSchema = schema };
        var load = Task.Run(() => new LoadGenerator(new TestConsole()).Run(options,
            new LoadGenOptions { Accounts = 10, Concurrency = 4, Duration = TimeSpan.FromSeconds(6) }, CancellationToken.None));

        var connection = new NpgsqlConnectionStringBuilder(PostgresServer.ConnectionString) { SearchPath = schema }.ToString();
        await WaitForStatements(connection, load);
        var reset = await BankEfx.Run(["projections", "reset", "statements", "--connection", connection, "--json"]);
        var rebuild = await BankEfx.Run(["projections", "rebuild", "statements", "--connection", connection, "--json"]);
        var report = await load;
        output.WriteLine(report.Summary());
        foreach (var i in report.Invariants) output.WriteLine($"{i.Name}: {i.Held} {i.Detail}");

        Assert.Equal((0, 0), (reset, rebuild));
        Assert.True(report.Held);
    }

    /// <summary>Waits until loadgen has written statement lines, so the reset has something to throw away.</summary>
    private static async Task WaitForStatements(string connection, Task load)
    {
        await using var dataSource = NpgsqlDataSource.Create(connection);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (load.IsCompleted) await load;
            try
            {
                await using var count = dataSource.CreateCommand("select count(*) from statement_lines");
                if ((long)(await count.ExecuteScalarAsync())! > 20) return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName) { }
            await Task.Delay(100);
        }
        throw new TimeoutException("loadgen wrote no statement lines.");
    }
}
