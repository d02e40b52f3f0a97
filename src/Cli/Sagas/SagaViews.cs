using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EventFramework.Cli.Sagas;

/// <summary>How sagas are shown to a person; values are plain text, never markup.</summary>
internal static class SagaViews
{
    public static Table List(IEnumerable<SagaRecord> sagas)
    {
        var table = new Table().AddColumns("Type", "Id", "Status", "Version", "Updated", "Reason");
        foreach (var s in sagas)
            table.AddRow(Text(s.SagaType), Text(s.SagaId), Status(s.Status), Text(s.Version.ToString(CultureInfo.InvariantCulture)), Text(Time(s.Updated)), Text(s.Reason ?? ""));
        return table;
    }

    public static IRenderable Detail(SagaDetailDocument detail)
    {
        var s = detail.Saga;
        var history = new Table().AddColumns("Version", "Message", "Message id", "Status after", "At");
        foreach (var h in detail.History)
            history.AddRow(Text(h.Version.ToString(CultureInfo.InvariantCulture)), Text(h.MessageType), Text(h.MessageId.ToString()), Text(h.Status), Text(Time(h.At)));
        var timeouts = new Table().AddColumns("Timeout", "Type", "Due");
        foreach (var t in detail.Timeouts) timeouts.AddRow(Text(t.Name), Text(t.Type), Text(Time(t.DueAt)));
        var indented = new JsonSerializerOptions { WriteIndented = true };
        return new Rows(
            new Text($"{s.Type} {s.Id}: {s.Status}{(s.Reason is null ? "" : $" ({s.Reason})")}, version {s.Version}, created {Time(s.Created)}, updated {Time(s.Updated)}"),
            new Text("State:"),
            new Text(JsonSerializer.Serialize(detail.State, indented)),
            new Text($"Recorded compensations: {detail.Compensations.GetArrayLength()}"),
            new Text("History:"),
            history,
            detail.Timeouts.Count == 0 ? new Text("No pending timeouts.") : timeouts,
            new Text(""));
    }

    private static Text Text(string value) => new(value);

    private static Text Status(SagaStatus status) => new(status.ToString(), status switch
    {
        SagaStatus.Failed => new Style(Color.Red),
        SagaStatus.Compensated => new Style(Color.Yellow),
        _ => Style.Plain,
    });

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
