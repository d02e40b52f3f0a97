using MassTransit;

namespace EventFramework;

/// <summary>
/// Hands a MassTransit message to a command service, with the message id as the command id: the
/// service stores the command's events under ids derived from it, so a redelivered message (same
/// message id) is recognised and answered <see cref="CommandOutcome.AlreadyHandled"/> with no second
/// effect. Requests get a <see cref="CommandReply"/>. A <see cref="CommandOutcome.Conflict"/> throws
/// <see cref="CommandConflictException"/> so MassTransit's retry runs it again; invalid or rejected
/// commands are final and only answered.
/// </summary>
public sealed class CommandConsumer<TCommand, TState>(CommandService<TState> service) : IConsumer<TCommand>
    where TCommand : class
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<TCommand> context)
    {
        var commandId = context.MessageId ?? throw new InvalidOperationException($"A {typeof(TCommand).Name} message has no message id, so a redelivery could not be recognised.");
        var result = await service.Handle(context.Message, new CommandContext
        {
            CommandId = commandId,
            CorrelationId = context.CorrelationId?.ToString(),
            Headers = context.Headers.GetAll().Where(h => h.Value is string).ToDictionary(h => h.Key, h => (string)h.Value),
        }, context.CancellationToken).ConfigureAwait(false);

        if (result.Outcome == CommandOutcome.Conflict) throw new CommandConflictException(typeof(TCommand).Name, commandId, result.Reason);
        if (context.RequestId is not null)
        {
            await context.RespondAsync(new CommandReply
            {
                Outcome = result.Outcome,
                Version = result.Version,
                Reason = result.Reason,
                Errors = [.. result.Errors.Select(e => $"{e.Property}: {e.Message}")],
            }).ConfigureAwait(false);
        }
    }
}
