using EventFramework.Samples.Bank.Accounts;

namespace EventFramework.Samples.Bank.Checks;

/// <summary>The whole log folded from scratch: the truth the read models and the topic are checked against.</summary>
public sealed class LedgerFold
{
    public sealed class AccountFold
    {
        public string Currency = "";
        public decimal Balance;
        public decimal OverdraftLimit;
        public bool Closed;
    }

    public sealed class TransferFold
    {
        public decimal Debited, Credited, Refunded;
    }

    public Dictionary<string, AccountFold> Accounts { get; } = [];
    public Dictionary<string, TransferFold> Transfers { get; } = [];
    public decimal ExternalIn { get; private set; }
    public decimal ExternalOut { get; private set; }

    /// <summary>The ids of the events that leave as integration messages (one Kafka record each).</summary>
    public HashSet<Guid> IntegrationEventIds { get; } = [];

    public static async Task<LedgerFold> Of(IAllEventsReader log, EventSerializer serializer, CancellationToken ct)
    {
        var fold = new LedgerFold();
        var after = LogPosition.Start;
        for (var page = await log.ReadAll(after, 1000, ct); page.Count > 0; page = await log.ReadAll(after, 1000, ct))
        {
            foreach (var e in page) fold.Apply(e, serializer.Deserialize(e));
            after = page[^1].Position;
        }
        return fold;
    }

    private void Apply(RecordedEvent envelope, object e)
    {
        switch (e)
        {
            case AccountOpened o:
                Accounts[o.AccountId] = new AccountFold { Currency = o.Currency, OverdraftLimit = o.OverdraftLimit };
                break;
            case MoneyDeposited d:
                Accounts[d.AccountId].Balance += d.Amount;
                if (d.TransferId is { } credit) Transfer(credit).Credited += d.Amount;
                else ExternalIn += d.Amount;
                IntegrationEventIds.Add(envelope.EventId);
                break;
            case MoneyWithdrawn w:
                Accounts[w.AccountId].Balance -= w.Amount;
                if (w.TransferId is { } debit) Transfer(debit).Debited += w.Amount;
                else ExternalOut += w.Amount;
                IntegrationEventIds.Add(envelope.EventId);
                break;
            case TransferRefunded r:
                Accounts[r.AccountId].Balance += r.Amount;
                Transfer(r.TransferId).Refunded += r.Amount;
                IntegrationEventIds.Add(envelope.EventId);
                break;
            case AccountClosed c:
                Accounts[c.AccountId].Closed = true;
                break;
        }
    }

    private TransferFold Transfer(string id) => Transfers.TryGetValue(id, out var t) ? t : Transfers[id] = new TransferFold();
}
