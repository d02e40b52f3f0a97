// A child process for the saga kill test: it runs the order saga over the log and its participants
// (an outbox relay turning commands into reply events) until the test kills it with SIGKILL.
// Usage: EventFramework.SagaCrashHost <connection string> <schema> <ship step timeout ms>
// (the other steps always get a reply and wait a minute: the first ones queue behind every order at once)
using System.Globalization;
using EventFramework;
using EventFramework.Conformance.Sagas;
using EventFramework.SagaCrashHost;
using Npgsql;

if (args is not [var connectionString, var schema, var timeoutText] || !int.TryParse(timeoutText, CultureInfo.InvariantCulture, out var timeoutMs))
{
    Console.Error.WriteLine("usage: EventFramework.SagaCrashHost <connection string> <schema> <ship step timeout ms>");
    return 2;
}

await using var dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { SearchPath = schema } }.Build();
await using var log = new PostgresEventStore(dataSource, new PostgresStoreOptions { Schema = schema });
var serializer = OrderSaga.Serializer();
var engine = new SagaEngine<StepSagaState<OrderPlaced>>(new PostgresSagaStore(dataSource, schema), OrderSaga.Create(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(timeoutMs)), serializer,
    new SagaOptions { BatchSize = 1 + Random.Shared.Next(500), TimeoutPollInterval = TimeSpan.FromMilliseconds(100), Subscription = new SubscriptionOptions { PollInterval = TimeSpan.FromMilliseconds(200) } });
var relay = new OutboxRelay("participants", new PostgresOutbox(dataSource, schema), new CrashParticipants(log, serializer),
    options: new OutboxRelayOptions { BatchSize = 1 + Random.Shared.Next(500), PollInterval = TimeSpan.FromMilliseconds(50) });
Console.WriteLine("ready");
await Task.WhenAll(engine.Run(log, CancellationToken.None), relay.Run(CancellationToken.None));
return 0;
