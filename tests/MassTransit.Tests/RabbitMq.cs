using MassTransit;

namespace EventFramework.MassTransit.Tests;

/// <summary>
/// The one place that knows the RabbitMQ broker of the tests: <c>RABBITMQ_URL</c> when set, otherwise
/// the local broker build/test.sh installs and starts (guest may connect from localhost only).
/// </summary>
public static class RabbitMq
{
    public const string EnvironmentVariable = "RABBITMQ_URL";

    public static Uri Url { get; } = new(Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } url ? url : "amqp://guest:guest@127.0.0.1:5672/");

    /// <summary>A port on the loopback where nothing listens: a dead broker.</summary>
    public static Uri DeadUrl { get; } = new("amqp://guest:guest@127.0.0.1:1/");

    /// <summary>A name no other test uses, for queues and exchanges.</summary>
    public static string UniqueName(string prefix) => $"ef-test-{prefix}-{Guid.NewGuid():N}";

    /// <summary>
    /// The address of a test queue, declared auto-delete like the test endpoints (a sender declaring it
    /// durable would clash with the endpoint's declaration and wait for ever).
    /// </summary>
    public static Uri QueueAddress(string queue) => new($"queue:{queue}?autodelete=true");

    /// <summary>Creates and starts a bus on <paramref name="url"/>; its endpoints are configured by <paramref name="configure"/>.</summary>
    public static async Task<IBusControl> StartBus(Action<IRabbitMqBusFactoryConfigurator>? configure = null, Uri? url = null)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(url ?? Url);
            configure?.Invoke(cfg);
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.StartAsync(timeout.Token);
        return bus;
    }
}
