using EventFramework.Samples.Bank.Accounts;

namespace EventFramework.Samples.Bank.Transfers;

public enum TransferStep { Debiting, Crediting, CancellingCredit }

public sealed class TransferState
{
    public TransferRequested? Request { get; set; }
    public TransferStep Step { get; set; }
}

/// <summary>
/// The MoneyTransfer saga: debit the source, then credit the destination, then complete. A refused
/// debit ends it with nothing to undo; a refused credit refunds the source. A credit that does not
/// happen in time is first cancelled at the destination (so it can no longer land late), and only
/// when the cancellation is confirmed is the source refunded: money is never both credited and refunded.
/// Commands go to the accounts through the outbox, keyed by account (in order per account).
/// </summary>
public sealed class MoneyTransfer : Saga<TransferState>
{
    public const string SagaName = "money-transfer";
    public const string Accounts = "accounts";

    public MoneyTransfer(TimeSpan creditTimeout) : base(SagaName)
    {
        StartedBy<TransferRequested>(r => r.TransferId, (ctx, r) =>
        {
            if (!ctx.IsNew) return;
            ctx.State.Request = r;
            ctx.Send(Accounts, new DebitForTransfer(r.From, r.TransferId, r.Amount, r.Currency), key: r.From);
        });

        Handles<MoneyWithdrawn>(e => e.TransferId!, (ctx, _) =>
        {
            if (ctx.State.Step != TransferStep.Debiting) return; // a redelivery
            var r = ctx.State.Request!;
            ctx.RecordCompensation(Accounts, new RefundTransfer(r.From, r.TransferId, r.Amount, r.Currency), key: r.From);
            ctx.State.Step = TransferStep.Crediting;
            ctx.Send(Accounts, new CreditForTransfer(r.To, r.TransferId, r.Amount, r.Currency), key: r.To);
            ctx.RequestTimeout(new TransferCreditTimedOut(r.TransferId), creditTimeout);
        });

        Handles<TransferDebitRejected>(e => e.TransferId, (ctx, e) =>
        {
            if (ctx.State.Step == TransferStep.Debiting) ctx.Compensate($"the debit was refused: {e.Reason}");
        });

        Handles<MoneyDeposited>(e => e.TransferId!, (ctx, _) =>
        {
            if (ctx.State.Step is TransferStep.Crediting or TransferStep.CancellingCredit) ctx.Complete();
        });

        Handles<TransferCreditRejected>(e => e.TransferId, (ctx, e) =>
        {
            if (ctx.State.Step is TransferStep.Crediting or TransferStep.CancellingCredit) ctx.Compensate($"the credit was refused: {e.Reason}");
        });

        OnTimeout<TransferCreditTimedOut>((ctx, _) =>
        {
            if (ctx.State.Step != TransferStep.Crediting) return;
            var r = ctx.State.Request!;
            ctx.State.Step = TransferStep.CancellingCredit;
            ctx.Send(Accounts, new CancelTransferCredit(r.To, r.TransferId), key: r.To);
        });

        Handles<TransferCreditCancelled>(e => e.TransferId, (ctx, _) =>
        {
            if (ctx.State.Step == TransferStep.CancellingCredit) ctx.Compensate("the credit timed out");
        });
    }
}
