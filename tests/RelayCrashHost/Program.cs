// A child process for the relay crash tests: it relays the PostgreSQL outbox into Kafka until a test
// kills it with SIGKILL. Usage:
//   EventFramework.RelayCrashHost transactional|polling <connection string> <schema> <bootstrap servers> <relay name> <position topic>
using EventFramework;
using Npgsql;

if (args is not [("transactional" or "polling") and var mode, var connectionString, var schema, var bootstrap, var relay, var positions])
{
    Console.Error.WriteLine("usage: EventFramework.RelayCrashHost transactional|polling <connection string> <schema> <bootstrap servers> <relay name> <position topic>");
    return 2;
}

await using var dataSource = new NpgsqlDataSourceBuilder(connectionString) { ConnectionStringBuilder = { SearchPath = schema } }.Build();
var outbox = new PostgresOutbox(dataSource, schema);
var producerOptions = new KafkaProducerOptions { BootstrapServers = bootstrap, DeliveryTimeout = TimeSpan.FromSeconds(20) };
// Batches of random sizes, so kills land at many different points of a batch.
var batchSize = 50 + Random.Shared.Next(950);
Console.WriteLine("ready");
if (mode == "transactional")
{
    var options = new TransactionalRelayOptions { Producer = producerOptions, BatchSize = batchSize, PollInterval = TimeSpan.FromMilliseconds(50), PositionTopic = positions };
    await new TransactionalKafkaRelay(relay, outbox, options).Run(CancellationToken.None);
}
else
{
    using var producer = new KafkaProducer(producerOptions);
    var options = new OutboxRelayOptions { BatchSize = batchSize, PollInterval = TimeSpan.FromMilliseconds(50) };
    await new OutboxRelay(relay, outbox, producer, options: options).Run(CancellationToken.None);
}
return 0;
