using System.CommandLine;
using EventFramework.Cli.CommandLine;

namespace EventFramework.Cli.Projections;

/// <summary><c>efx projections …</c>: list, status, rebuild, reset, parked and replay.</summary>
internal static partial class ProjectionsCommand
{
    public static Command Create(EfxContext context)
    {
        var projections = new Command("projections", "The service's projections: list, status, rebuild, reset, parked, replay.");
        projections.Subcommands.Add(Verb(context, "list", "List the registered projections: name, version, partitions.", name: null, List));
        projections.Subcommands.Add(Verb(context, "status", "Per partition: version, active version, checkpoint, events behind, parked events.",
            Name("Only this projection (default: all)", optional: true), Status));
        projections.Subcommands.Add(Verb(context, "rebuild", "Bring the registered version up to the head of the log beside the served one, then activate it.",
            Name("The projection to rebuild"), Rebuild));
        projections.Subcommands.Add(Verb(context, "reset", "Empty the read model and checkpoints in place, then rebuild from the start (readers see it empty meanwhile).",
            Name("The projection to reset"), Reset));
        projections.Subcommands.Add(Verb(context, "parked", "List the parked (poison) events of a projection, in log order.",
            Name("The projection whose parked events to list"), Parked));
        projections.Subcommands.Add(Verb(context, "replay", "Apply the parked events of a projection again, after a fix; exits 1 when some still fail.",
            Name("The projection whose parked events to replay"), Replay));
        return projections;
    }

    private delegate Task<EfxExitCode> VerbBody(EfxInvocation invocation, string? name, CancellationToken ct);

    private static Command Verb(EfxContext context, string verb, string description, Argument<string>? name, VerbBody body)
    {
        var command = new Command(verb, description);
        if (name is not null) command.Arguments.Add(name);
        command.SetAction((parsed, ct) => context.Execute(parsed, ct, (invocation, c) => body(invocation, name is null ? null : parsed.GetValue(name), c)));
        return command;
    }

    private static Argument<string> Name(string description, bool optional = false) => new("NAME")
    {
        Description = description,
        Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
    };
}
