using EventFramework.Samples.Bank.Accounts;

namespace EventFramework.Samples.Bank.Transfers;

/// <summary>
/// Delivers the saga's commands (outbox destination <see cref="MoneyTransfer.Accounts"/>) to the
/// account service, in process. The message id is the command id, so a redelivered command has
/// one effect; a refused step is written to the transfer's stream (under an id derived from the
/// message id, so it too is written once) where the saga reads it. Accounts run in parallel,
/// each account's commands in order.
/// </summary>
public sealed class AccountCommandDispatcher(IEventStore store, EventSerializer serializer, CommandService<AccountState> accounts) : IProducer
{
    public async Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        var failures = new List<PublishFailure>();
        await Task.WhenAll(messages.GroupBy(m => m.Key).Select(async perAccount =>
        {
            foreach (var message in perAccount)
            {
                if (await Dispatch(message, ct).ConfigureAwait(false) is { } failure)
                    lock (failures) failures.Add(failure);
            }
        })).ConfigureAwait(false);
        return failures;
    }

    private async Task<PublishFailure?> Dispatch(OutboxMessage message, CancellationToken ct)
    {
        object command;
        try
        {
            command = serializer.Deserialize(new RecordedEvent(message.MessageId, new StreamName("outbox"), 0, LogPosition.Start, message.Type, message.Payload, EventMetadata.Empty, DateTimeOffset.UtcNow));
        }
        catch (Exception e) when (e is UnknownEventTypeException or EventDeserializationException)
        {
            return new PublishFailure(message.MessageId, $"not an account command: {e.Message}");
        }
        if (command is not ITransferStep and not CancelTransferCredit)
            return new PublishFailure(message.MessageId, $"'{message.Type}' is not a transfer command");

        var context = new CommandContext { CommandId = message.MessageId, CorrelationId = TransferIdOf(command) };
        var result = await accounts.Handle(command, context, ct).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case CommandOutcome.Applied or CommandOutcome.AlreadyHandled:
                return null;
            case CommandOutcome.Rejected or CommandOutcome.Invalid:
                var reason = result.Reason ?? string.Join("; ", result.Errors.Select(e => e.Message));
                await RecordRefusal(message.MessageId, command, reason, ct).ConfigureAwait(false);
                return null;
            default: // a conflict that outlasted the retries: the relay delivers the batch again
                throw new InvalidOperationException($"Account command {message.Type} {message.MessageId}: {result.Outcome} ({result.Reason}).");
        }
    }

    private async Task RecordRefusal(Guid commandId, object command, string reason, CancellationToken ct)
    {
        object? refusal = command switch
        {
            DebitForTransfer d => new TransferDebitRejected(d.TransferId, reason),
            CreditForTransfer c => new TransferCreditRejected(c.TransferId, reason),
            _ => null, // a refused refund or cancellation changes nothing the saga waits for
        };
        if (refusal is null) return;
        var stream = TransferService.Stream(TransferIdOf(command));
        var data = serializer.Serialize(refusal, new EventMetadata { CausationId = commandId.ToString() }, DeterministicEventId.For(commandId, stream, 0));
        await store.Append(stream, ExpectedVersion.Any, [data], ct).ConfigureAwait(false);
    }

    private static string TransferIdOf(object command) => command switch
    {
        ITransferStep step => step.TransferId,
        CancelTransferCredit cancel => cancel.TransferId,
        _ => throw new ArgumentException("not a transfer command", nameof(command)),
    };
}
