using EventFramework.Samples.Bank.Accounts;
using EventFramework.Samples.Bank.Checks;
using EventFramework.Samples.Bank.Hosting;
using EventFramework.Samples.Bank.Transfers;
using Spectre.Console;

namespace EventFramework.Samples.Bank.Demo;

/// <summary>
/// The main job: a short, readable banking day on the configured backend. Accounts are opened,
/// money deposited and moved; one transfer is compensated, one refused at the debit, one command
/// is invalid and one rejected; then the projections, the relays and the invariants are shown.
/// </summary>
public sealed class DemoScenario(IAnsiConsole console)
{
    public async Task<int> Run(BankOptions options, CancellationToken ct)
    {
        console.Write(new Rule("[bold]EventFramework bank demo[/]").LeftJustified());
        await using var bank = await BankApp.Start(options with { Fresh = true }, ct);
        console.MarkupLineInterpolated($"Storage: [cyan]{bank.Backend.Description}[/]");
        console.MarkupLineInterpolated($"Kafka:   [cyan]{(bank.InProcessKafka ? "in-process cluster of 3 brokers at " : "")}{bank.KafkaBootstrap}[/]");

        console.Write(new Rule("Accounts").LeftJustified());
        await Show("open alice (EUR, overdraft 100)", bank.Accounts.Handle(new OpenAccount("alice", "Alice", "EUR", 100m), ct: ct));
        await Show("open bob (EUR)", bank.Accounts.Handle(new OpenAccount("bob", "Bob", "EUR"), ct: ct));
        await Show("open carol (EUR)", bank.Accounts.Handle(new OpenAccount("carol", "Carol", "EUR"), ct: ct));
        await Show("deposit 500.00 EUR to alice", bank.Accounts.Handle(new Deposit("alice", 500m, "EUR"), ct: ct));
        await Show("deposit 200.00 EUR to bob", bank.Accounts.Handle(new Deposit("bob", 200m, "EUR"), ct: ct));
        await Show("withdraw 50.25 EUR from bob", bank.Accounts.Handle(new Withdraw("bob", 50.25m, "EUR"), ct: ct));
        await Show("close carol", bank.Accounts.Handle(new CloseAccount("carol"), ct: ct));
        await Show("deposit -5.555 \"eur\" to alice (invalid)", bank.Accounts.Handle(new Deposit("alice", -5.555m, "eur"), ct: ct));
        await Show("withdraw 1,000.00 EUR from bob (rejected)", bank.Accounts.Handle(new Withdraw("bob", 1000m, "EUR"), ct: ct));

        console.Write(new Rule("Transfers (MoneyTransfer saga)").LeftJustified());
        var transfers = new (string Id, string From, string To, decimal Amount, string Note)[]
        {
            ("t-1", "alice", "bob", 120.50m, "completes"),
            ("t-2", "bob", "alice", 30m, "completes"),
            ("t-3", "alice", "carol", 75m, "carol is closed: the credit is refused and alice refunded"),
            ("t-4", "bob", "alice", 10_000m, "refused at the debit: nothing to undo"),
        };
        foreach (var t in transfers)
            await Show($"transfer {t.Id}: {t.Amount} EUR {t.From} -> {t.To} ({t.Note})", bank.Transfers.Handle(new RequestTransfer(t.Id, t.From, t.To, t.Amount, "EUR"), ct: ct));
        await Show("transfer t-5: alice -> alice (invalid)", bank.Transfers.Handle(new RequestTransfer("t-5", "alice", "alice", 1m, "EUR"), ct: ct));

        await console.Status().StartAsync("Waiting for sagas, relays and projections to settle...", _ => bank.WaitUntilSettled(TimeSpan.FromSeconds(120), ct));
        await ShowTransfers(bank, ct);
        await ShowReadModels(bank, ct);
        ShowRelays(bank);

        console.Write(new Rule("Invariants").LeftJustified());
        var results = await Invariants.Check(bank, ct);
        InvariantOutput.Write(console, results);
        var ok = results.All(r => r.Held);
        console.MarkupLine(ok ? "[bold green]Demo finished: every invariant held.[/]" : "[bold red]Demo finished with broken invariants.[/]");
        return ok ? 0 : 1;
    }

    private async Task Show<T>(string what, Task<CommandResult<T>> handling)
    {
        var result = await handling;
        var outcome = result.Outcome switch
        {
            CommandOutcome.Applied => "[green]applied[/]",
            CommandOutcome.Invalid => "[yellow]invalid[/]",
            CommandOutcome.Rejected => "[yellow]rejected[/]",
            _ => $"[red]{result.Outcome}[/]",
        };
        console.MarkupLine($"  {Markup.Escape(what)}: {outcome}{(result.Reason is { } reason ? $" [grey]({Markup.Escape(reason)})[/]" : "")}");
        foreach (var error in result.Errors)
            console.MarkupLineInterpolated($"    [grey]- {error.Property}: {error.Message}[/]");
    }

    private async Task ShowTransfers(BankApp bank, CancellationToken ct)
    {
        var table = new Table().AddColumns("transfer", "status", "reason");
        foreach (var saga in (await bank.Backend.SagaQueries.List(MoneyTransfer.SagaName, null, 100, ct)).OrderBy(s => s.SagaId, StringComparer.Ordinal))
            table.AddRow(Markup.Escape(saga.SagaId), saga.Status.ToString(), Markup.Escape(saga.Reason ?? ""));
        console.Write(table);
    }

    private async Task ShowReadModels(BankApp bank, CancellationToken ct)
    {
        console.Write(new Rule("Projections").LeftJustified());
        var statements = await bank.Backend.Queries.StatementTotals(ct);
        var balances = new Table().AddColumns("account", "balance", "overdraft limit", "closed", "statement total");
        foreach (var b in await bank.Backend.Queries.Balances(ct))
            balances.AddRow(b.AccountId, $"{b.Balance:0.00} {b.Currency}", $"{b.OverdraftLimit:0.00}", b.Closed ? "yes" : "", $"{statements.GetValueOrDefault(b.AccountId):0.00}");
        console.Write(balances);
        var daily = new Table().AddColumns("day", "currency", "in", "out", "movements");
        foreach (var d in await bank.Backend.Queries.DailyTotals(ct))
            daily.AddRow(d.Day, d.Currency, $"{d.In:0.00}", $"{d.Out:0.00}", $"{d.Movements}");
        console.Write(daily);
        foreach (var r in await bank.Backend.Projections.Status(ct: ct))
            console.MarkupLineInterpolated($"  {r.Name} v{r.Version}: at {r.Checkpoint?.ToString() ?? "start"}, {r.Behind} behind, {r.Parked} parked");
    }

    private void ShowRelays(BankApp bank)
    {
        console.Write(new Rule("Relays").LeftJustified());
        console.MarkupLineInterpolated($"  saga commands delivered to accounts: {bank.CommandRelay.Status.Published} ({bank.CommandRelay.Status.DeadLettered} dead-lettered)");
        console.MarkupLineInterpolated($"  integration events published to Kafka (exactly once): {bank.KafkaRelay.Status.Published} ({bank.KafkaRelay.Status.DeadLettered} dead-lettered)");
    }
}
