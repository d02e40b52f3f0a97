using System.CommandLine;
using EventFramework.Cli.CommandLine;
using Npgsql;

namespace EventFramework.Cli.Sagas;

/// <summary>
/// <c>efx sagas …</c>: list and show sagas, straight from the saga tables (no service code needed):
/// state, history and pending timeouts; <c>list --stuck MINUTES</c> finds sagas nothing will move on.
/// </summary>
internal static partial class SagasCommand
{
    private static readonly Option<string> Schema = new("--schema") { Description = "The PostgreSQL schema of the saga tables.", DefaultValueFactory = _ => "eventframework" };

    public static Command Create(EfxContext context)
    {
        var sagas = new Command("sagas", "Sagas: list them (by type, status, or stuck), show one with its history and pending timeouts.");
        var type = new Option<string?>("--type") { Description = "Only sagas of this type." };
        var status = new Option<SagaStatus?>("--status") { Description = "Only sagas in this status: Running, Completed, Compensated or Failed." };
        var stuck = new Option<int?>("--stuck") { Description = "Only running sagas idle for this many minutes with no timeout to move them on." };
        var limit = new Option<int>("--limit") { Description = "The most sagas listed.", DefaultValueFactory = _ => 100 };
        var list = new Command("list", "List sagas, most recently updated first (or longest idle first with --stuck).") { type, status, stuck, limit, Schema };
        list.SetAction((parsed, ct) => context.Execute(parsed, ct, (invocation, c) =>
            List(invocation, Open(context, parsed), new ListFilter(parsed.GetValue(type), parsed.GetValue(status), parsed.GetValue(stuck), parsed.GetValue(limit)), c)));
        sagas.Subcommands.Add(list);

        var id = new Argument<string>("ID") { Description = "The saga id (what its messages correlate to)." };
        var show = new Command("show", "Show a saga: status, state, recorded compensations, history and pending timeouts.") { id, Schema };
        show.SetAction((parsed, ct) => context.Execute(parsed, ct, (invocation, c) => Show(invocation, Open(context, parsed), parsed.GetValue(id)!, c)));
        sagas.Subcommands.Add(show);
        return sagas;
    }

    private sealed record ListFilter(string? Type, SagaStatus? Status, int? StuckMinutes, int Limit);

    /// <summary>The saga queries of the database given by --connection or EFX_CONNECTION.</summary>
    private static Func<ISagaQueries> Open(EfxContext context, ParseResult parsed) => () =>
    {
        var value = parsed.GetValue(context.Options.Connection) ?? context.Environment(EfxConnection.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(value))
            throw new EfxFailure(EfxExitCode.Usage, $"no connection: pass --connection or set {EfxConnection.EnvironmentVariable} (a PostgreSQL connection string or a SQLite file path).");
        EfxConnection connection;
        try { connection = EfxConnection.Parse(value); }
        catch (FormatException e) { throw new EfxFailure(EfxExitCode.Usage, e.Message); }
        var schema = parsed.GetValue(Schema)!;
        if (!Store.EmbeddedSqlScripts.IsSafeIdentifier(schema)) throw new EfxFailure(EfxExitCode.Usage, $"the schema name '{schema}' must be a lower-case SQL identifier.");
        if (connection.Backend == EfxBackend.PostgreSql) return new PostgresSagaStore(NpgsqlDataSource.Create(connection.ConnectionString), schema);
        return new SqliteSagaStore((SqliteEventStore)connection.OpenEventStore());
    };
}
