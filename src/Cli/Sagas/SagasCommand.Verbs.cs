using EventFramework.Cli.CommandLine;
using Spectre.Console;

namespace EventFramework.Cli.Sagas;

internal static partial class SagasCommand
{
    private static async Task<EfxExitCode> List(EfxInvocation invocation, Func<ISagaQueries> open, ListFilter filter, CancellationToken ct)
    {
        if (filter.Limit < 1) throw new EfxFailure(EfxExitCode.Usage, "--limit must be at least 1.");
        if (filter.StuckMinutes is < 0) throw new EfxFailure(EfxExitCode.Usage, "--stuck takes a number of minutes, 0 or more.");
        var queries = open();
        var sagas = filter.StuckMinutes is { } minutes
            ? (await queries.Stuck(TimeSpan.FromMinutes(minutes), filter.Limit, ct).ConfigureAwait(false))
                .Where(s => filter.Type is null || s.SagaType == filter.Type).ToList()
            : await queries.List(filter.Type, filter.Status, filter.Limit, ct).ConfigureAwait(false);
        if (invocation.Json)
            invocation.Context.WriteJson(new SagaListDocument([.. sagas.Select(SagaDocument.From)]), SagaJson.Default.SagaListDocument);
        else if (sagas.Count == 0)
            invocation.Console.WriteLine(filter.StuckMinutes is null ? "No sagas." : "No stuck sagas.");
        else
            invocation.Console.Write(SagaViews.List(sagas));
        return EfxExitCode.Success;
    }

    private static async Task<EfxExitCode> Show(EfxInvocation invocation, Func<ISagaQueries> open, string id, CancellationToken ct)
    {
        var queries = open();
        var sagas = await queries.Find(id, ct).ConfigureAwait(false);
        if (sagas.Count == 0) throw new EfxFailure(EfxExitCode.NotAvailable, $"no saga with id '{id}'.");
        var shown = new List<SagaDetailDocument>();
        foreach (var saga in sagas)
        {
            var history = await queries.History(saga.SagaType, saga.SagaId, ct).ConfigureAwait(false);
            var timeouts = await queries.Timeouts(saga.SagaType, saga.SagaId, ct).ConfigureAwait(false);
            shown.Add(SagaDetailDocument.From(saga, history, timeouts));
        }
        if (invocation.Json)
            invocation.Context.WriteJson(new SagaShowDocument(shown), SagaJson.Default.SagaShowDocument);
        else
            foreach (var detail in shown) invocation.Console.Write(SagaViews.Detail(detail));
        return EfxExitCode.Success;
    }
}
