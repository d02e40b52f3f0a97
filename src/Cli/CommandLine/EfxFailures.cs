using Microsoft.Data.Sqlite;
using Npgsql;

namespace EventFramework.Cli.CommandLine;

/// <summary>Which exit code an exception means.</summary>
internal static class EfxFailures
{
    private const int SqliteCannotOpen = 14;

    public static EfxFailure Classify(Exception e) => e switch
    {
        EfxFailure failure => failure,
        _ when Unreachable(e) is { } down => new EfxFailure(EfxExitCode.Unreachable, down.Message),
        KeyNotFoundException => new EfxFailure(EfxExitCode.NotAvailable, e.Message),
        _ => new EfxFailure(EfxExitCode.Failed, e.Message),
    };

    /// <summary>
    /// The exception in <paramref name="e"/>'s chain that says the database is out of reach: the
    /// stores' <see cref="EventStoreUnavailableException"/>, or a driver error a projection sink let through.
    /// </summary>
    private static Exception? Unreachable(Exception e)
    {
        for (Exception? x = e; x is not null; x = x is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : x.InnerException)
        {
            switch (x)
            {
                case EventStoreUnavailableException:
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == "53300":
                case NpgsqlException and not PostgresException:
                case SqliteException { SqliteErrorCode: SqliteCannotOpen }:
                    return x;
            }
        }
        return null;
    }
}
