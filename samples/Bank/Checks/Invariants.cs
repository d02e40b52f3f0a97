using EventFramework.Samples.Bank.Hosting;
using EventFramework.Samples.Bank.Integration;
using EventFramework.Samples.Bank.Transfers;
using Spectre.Console;

namespace EventFramework.Samples.Bank.Checks;

public sealed record InvariantResult(string Name, bool Held, string Detail);

/// <summary>What must hold once the bank has settled, checked against a fresh fold of the log.</summary>
public static class Invariants
{
    public static async Task<IReadOnlyList<InvariantResult>> Check(BankApp bank, CancellationToken ct)
    {
        var fold = await LedgerFold.Of(bank.Backend.Store, bank.Serializer, ct);
        var results = new List<InvariantResult>();

        var total = fold.Accounts.Values.Sum(a => a.Balance);
        var expected = fold.ExternalIn - fold.ExternalOut;
        var unbalanced = fold.Transfers.Where(t => t.Value.Debited != t.Value.Credited + t.Value.Refunded).Select(t => t.Key).ToList();
        results.Add(new("money conserved", total == expected && unbalanced.Count == 0,
            $"balances sum to {total}, deposits minus withdrawals {expected}; transfers whose debit is not credited or refunded: {unbalanced.Count}"));

        var overdrawn = fold.Accounts.Where(a => a.Value.Balance < -a.Value.OverdraftLimit).Select(a => a.Key).ToList();
        results.Add(new("no balance below its limit", overdrawn.Count == 0, overdrawn.Count == 0 ? $"{fold.Accounts.Count} accounts" : $"overdrawn: {string.Join(", ", overdrawn.Take(5))}"));

        var sagas = await bank.Backend.SagaQueries.List(MoneyTransfer.SagaName, null, int.MaxValue, ct);
        var byStatus = sagas.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());
        var requested = fold.Transfers.Count;
        var ended = byStatus.GetValueOrDefault(SagaStatus.Completed) + byStatus.GetValueOrDefault(SagaStatus.Compensated);
        results.Add(new("every transfer Completed or Compensated", ended == sagas.Count,
            string.Join(", ", byStatus.OrderBy(s => s.Key).Select(s => $"{s.Value} {s.Key}")) + $" ({requested} moved money)"));

        var balances = (await bank.Backend.Queries.Balances(ct)).ToDictionary(b => b.AccountId);
        var statements = await bank.Backend.Queries.StatementTotals(ct);
        var mismatched = fold.Accounts.Where(a =>
            !balances.TryGetValue(a.Key, out var b) || b.Balance != a.Value.Balance || b.Closed != a.Value.Closed
            || statements.GetValueOrDefault(a.Key) != a.Value.Balance).Select(a => a.Key).ToList();
        var daily = await bank.Backend.Queries.DailyTotals(ct);
        var dailyNet = daily.Sum(d => d.In - d.Out);
        results.Add(new("projections equal a fresh fold", mismatched.Count == 0 && balances.Count == fold.Accounts.Count && dailyNet == total,
            mismatched.Count == 0 ? $"balances, statements and daily totals of {fold.Accounts.Count} accounts" : $"differ for: {string.Join(", ", mismatched.Take(5))}"));

        var topic = TopicReader.ReadAll(bank.KafkaBootstrap, BankContracts.Topic, TimeSpan.FromSeconds(60));
        var missing = fold.IntegrationEventIds.Count(id => !topic.MessageIds.ContainsKey(id));
        var duplicates = topic.MessageIds.Where(m => fold.IntegrationEventIds.Contains(m.Key)).Sum(m => m.Value - 1);
        var strangers = topic.MessageIds.Keys.Count(id => !fold.IntegrationEventIds.Contains(id)); // earlier runs on a reused external topic
        results.Add(new("the Kafka topic holds each integration event once", missing == 0 && duplicates == 0,
            $"{fold.IntegrationEventIds.Count} events; missing {missing}, duplicated {duplicates}" + (strangers > 0 ? $"; {strangers} records of earlier runs" : "")));
        return results;
    }
}

public static class InvariantOutput
{
    public static void Write(IAnsiConsole console, IEnumerable<InvariantResult> results)
    {
        foreach (var r in results)
            console.MarkupLine($"{(r.Held ? "[green]held[/]  " : "[red]BROKEN[/]")} {Markup.Escape(r.Name)}: [grey]{Markup.Escape(r.Detail)}[/]");
    }
}
