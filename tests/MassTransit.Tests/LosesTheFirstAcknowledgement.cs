using MassTransit;

namespace EventFramework.MassTransit.Tests;

/// <summary>
/// Handles a message through the bridge, then fails the first delivery as if the acknowledgement
/// were lost after the effect committed: MassTransit delivers the same message again.
/// </summary>
public sealed class LosesTheFirstAcknowledgement(CommandConsumer<Deposit, decimal> bridge) : IConsumer<Deposit>
{
    private int _deliveries;

    public int Deliveries => Volatile.Read(ref _deliveries);

    public async Task Consume(ConsumeContext<Deposit> context)
    {
        await bridge.Consume(context);
        if (Interlocked.Increment(ref _deliveries) == 1) throw new IOException("connection lost before the acknowledgement");
    }
}
