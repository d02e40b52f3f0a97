using EventFramework.Samples.Bank.Accounts;
using FluentValidation;

namespace EventFramework.Samples.Bank.Transfers;

public sealed class RequestTransferValidator : AbstractValidator<RequestTransfer>
{
    public RequestTransferValidator()
    {
        RuleFor(c => c.TransferId).NotEmpty().MaximumLength(64);
        RuleFor(c => c.From).AccountId();
        RuleFor(c => c.To).AccountId();
        RuleFor(c => c.To).NotEqual(c => c.From).WithMessage("A transfer goes to another account.");
        RuleFor(c => c.Amount).Amount();
        RuleFor(c => c.Currency).Currency();
    }
}

/// <summary>Transfer requests: validated, then written to the transfer's stream, where the saga picks them up.</summary>
public static class TransferService
{
    public static StreamName Stream(string transferId) => new($"transfer-{transferId}");

    public static TypeRegistry Register(TypeRegistry registry) => registry
        .Register<TransferRequested>().Register<TransferDebitRejected>().Register<TransferCreditRejected>().Register<TransferCreditTimedOut>();

    public static CommandService<bool> Create(IEventStore store, EventSerializer serializer) =>
        new CommandService<bool>(store, serializer, () => false, (_, _) => true)
            .On<RequestTransfer>(c => Stream(c.TransferId), (_, c) => [new TransferRequested(c.TransferId, c.From, c.To, c.Amount, c.Currency)],
                new CommandPolicy { Expect = StreamExpectation.New }, new RequestTransferValidator());
}
