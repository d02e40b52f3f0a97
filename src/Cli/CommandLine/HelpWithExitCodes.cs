using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace EventFramework.Cli.CommandLine;

/// <summary>The standard help, followed by how the connection is read and the exit codes scripts can rely on.</summary>
internal sealed class HelpWithExitCodes(HelpAction help) : SynchronousCommandLineAction
{
    private const string Epilog = """
        Connection:
          --connection, or the EFX_CONNECTION environment variable (the option wins).
          A value without '=' is a SQLite file, and so is "Data Source=FILE"; any
          other key=value string is PostgreSQL (Npgsql): "Host=db;Database=bank".

        Exit codes:
          0    success
          1    the operation failed (rebuild threw, reset refused, replay left failures)
          2    usage error (unknown command or option, missing argument or connection)
          3    not available here (unknown projection; the service's code is needed)
          4    cannot reach the database
          130  interrupted (Ctrl+C, SIGTERM); committed work stays
        On failure efx prints one line, "efx: <reason>", to standard error.
        """;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        help.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Epilog);
        return (int)EfxExitCode.Success;
    }
}
