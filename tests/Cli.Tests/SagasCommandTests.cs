using System.Text.Json;
using EventFramework.Testing;

namespace EventFramework.Cli.Tests;

public sealed record ParcelSent(string ParcelId);
public sealed record Deliver(string ParcelId);
public sealed record Delivered(string ParcelId);

/// <summary>efx sagas list and show on a SQLite file holding real sagas.</summary>
public sealed class SagasCommandTests : IAsyncLifetime
{
    private readonly TempFile _file = new();
    private readonly EfxHarness _efx = new();

    public async Task InitializeAsync()
    {
        await using var store = new SqliteEventStore(_file.Path);
        var serializer = new EventSerializer(new TypeRegistry().Register<ParcelSent>("ParcelSent").Register<Deliver>("Deliver").Register<Delivered>("Delivered"));
        var saga = new StepSaga<ParcelSent>("parcel", e => e.ParcelId)
            .Step("deliver", s => s.Send("couriers", p => new Deliver(p.ParcelId)).CompletedBy<Delivered>(e => e.ParcelId).TimeoutAfter(TimeSpan.FromHours(1)));
        var engine = new SagaEngine<StepSagaState<ParcelSent>>(new SqliteSagaStore(store), saga, serializer);
        await engine.Handle([new SagaMessage(Guid.NewGuid(), new ParcelSent("p-1")), new SagaMessage(Guid.NewGuid(), new ParcelSent("p-2")), new SagaMessage(Guid.NewGuid(), new Delivered("p-2"))]);
    }

    public Task DisposeAsync()
    {
        _file.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task list_shows_every_saga_and_filters_by_status()
    {
        var all = await _efx.RunStandalone("sagas", "list", "--connection", _file.Path);
        Assert.Equal(0, all.ExitCode);
        Assert.Contains("p-1", all.Output, StringComparison.Ordinal);
        Assert.Contains("Completed", all.Output, StringComparison.Ordinal);

        var running = await _efx.RunStandalone("sagas", "list", "--status", "Running", "--json", "--connection", _file.Path);
        using var json = JsonDocument.Parse(running.Output);
        var sagas = json.RootElement.GetProperty("sagas");
        Assert.Equal("p-1", Assert.Single(sagas.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task show_gives_the_state_history_and_pending_timeouts_of_a_saga()
    {
        var shown = await _efx.RunStandalone("sagas", "show", "p-1", "--json", "--connection", _file.Path);
        Assert.Equal(0, shown.ExitCode);
        using var json = JsonDocument.Parse(shown.Output);
        var saga = Assert.Single(json.RootElement.GetProperty("sagas").EnumerateArray());
        Assert.Equal("Running", saga.GetProperty("saga").GetProperty("status").GetString());
        Assert.Equal("p-1", saga.GetProperty("state").GetProperty("start").GetProperty("parcelId").GetString());
        Assert.Equal("ParcelSent", Assert.Single(saga.GetProperty("history").EnumerateArray()).GetProperty("messageType").GetString());
        Assert.Equal("step", Assert.Single(saga.GetProperty("timeouts").EnumerateArray()).GetProperty("name").GetString());

        var text = await _efx.RunStandalone("sagas", "show", "p-2", "--connection", _file.Path);
        Assert.Contains("No pending timeouts.", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task an_unknown_saga_or_a_missing_connection_exits_with_its_code()
    {
        var unknown = await _efx.RunStandalone("sagas", "show", "nope", "--connection", _file.Path);
        Assert.Equal((int)EfxExitCode.NotAvailable, unknown.ExitCode);
        Assert.Equal("efx: no saga with id 'nope'.", unknown.ErrorLine);

        var missing = await _efx.RunStandalone("sagas", "list");
        Assert.Equal((int)EfxExitCode.Usage, missing.ExitCode);

        var badLimit = await _efx.RunStandalone("sagas", "list", "--limit", "0", "--connection", _file.Path);
        Assert.Equal((int)EfxExitCode.Usage, badLimit.ExitCode);
    }
}
