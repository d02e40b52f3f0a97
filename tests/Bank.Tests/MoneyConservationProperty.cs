using CsCheck;
using EventFramework.Samples.Bank.Accounts;
using EventFramework.Samples.Bank.Checks;
using EventFramework.Samples.Bank.Hosting;

namespace EventFramework.Samples.Bank.Tests;

/// <summary>
/// Money is conserved whatever happens to the commands: random deposits, withdrawals, closes and
/// transfers (debit, then credit or refund, as the saga drives them), each command possibly
/// delivered twice, and "crashes" that drop a transfer between its steps, resumed later with the
/// same command ids, as the saga's outbox redelivers them.
/// </summary>
public sealed class MoneyConservationProperty
{
    private const int Accounts = 4;

    public enum Kind { Deposit, Withdraw, Close, Transfer }

    public sealed record Op(Kind Kind, int From, int To, int Cents, bool Duplicate, bool CrashAfterDebit);

    private static readonly Gen<Op> OpGen = Gen.Select(
        Gen.Frequency((3, Gen.Const(Kind.Deposit)), (3, Gen.Const(Kind.Withdraw)), (1, Gen.Const(Kind.Close)), (6, Gen.Const(Kind.Transfer))),
        Gen.Int[0, Accounts - 1], Gen.Int[0, Accounts - 1], Gen.Int[1, 60_000], Gen.Bool, Gen.Int[0, 4],
        (kind, from, to, cents, duplicate, crash) => new Op(kind, from, to, cents, duplicate, crash == 0));

    [Fact]
    public Task money_is_conserved_under_random_commands_duplicates_and_crashes() =>
        OpGen.Array[1, 40].SampleAsync(Run, iter: 150);

    private static async Task Run(Op[] ops)
    {
        var store = new InMemoryEventStore();
        var serializer = BankTypes.Serializer();
        var accounts = AccountService.Create(store, serializer);
        for (var i = 0; i < Accounts; i++)
        {
            await accounts.Handle(new OpenAccount(Id(i), $"owner {i}", "EUR", OverdraftLimit: i % 2 == 0 ? 100m : 0m));
            await accounts.Handle(new Deposit(Id(i), 250m, "EUR"));
        }

        var interrupted = new List<(string Transfer, Guid Credit, Guid Refund, Op Op)>();
        for (var n = 0; n < ops.Length; n++)
        {
            var op = ops[n];
            var amount = op.Cents / 100m;
            var transfer = $"t{n}";
            switch (op.Kind)
            {
                case Kind.Deposit:
                    await Twice(op, id => accounts.Handle(new Deposit(Id(op.From), amount, "EUR"), Context(id)));
                    break;
                case Kind.Withdraw:
                    await Twice(op, id => accounts.Handle(new Withdraw(Id(op.From), amount, "EUR"), Context(id)));
                    break;
                case Kind.Close:
                    await Twice(op, id => accounts.Handle(new CloseAccount(Id(op.From)), Context(id)));
                    break;
                case Kind.Transfer when op.From != op.To:
                    var (credit, refund) = (Guid.NewGuid(), Guid.NewGuid());
                    var debited = await Twice(op, id => accounts.Handle(new DebitForTransfer(Id(op.From), transfer, amount, "EUR"), Context(id)));
                    if (debited.Outcome != CommandOutcome.Applied) break;
                    if (op.CrashAfterDebit)
                    {
                        interrupted.Add((transfer, credit, refund, op));
                        accounts = AccountService.Create(store, serializer); // the process dies; a new one starts
                        break;
                    }
                    await Finish(accounts, transfer, credit, refund, op);
                    break;
            }
        }
        foreach (var (transfer, credit, refund, op) in interrupted) await Finish(accounts, transfer, credit, refund, op);

        var fold = await LedgerFold.Of(store, serializer, CancellationToken.None);
        Assert.Equal(fold.ExternalIn - fold.ExternalOut, fold.Accounts.Values.Sum(a => a.Balance));
        Assert.All(fold.Transfers.Values, t => Assert.Equal(t.Debited, t.Credited + t.Refunded));
        Assert.All(fold.Transfers.Values, t => Assert.True(t.Credited == 0 || t.Refunded == 0, "a transfer was both credited and refunded"));
        Assert.All(fold.Accounts.Values, a => Assert.True(a.Balance >= -a.OverdraftLimit, $"balance {a.Balance} below -{a.OverdraftLimit}"));
    }

    /// <summary>The saga's second step: credit the destination, or refund the source when the credit is refused (each possibly redelivered).</summary>
    private static async Task Finish(CommandService<AccountState> accounts, string transfer, Guid creditId, Guid refundId, Op op)
    {
        var amount = op.Cents / 100m;
        var credited = await Twice(op, _ => accounts.Handle(new CreditForTransfer(Id(op.To), transfer, amount, "EUR"), Context(creditId)));
        if (credited.Outcome is CommandOutcome.Applied or CommandOutcome.AlreadyHandled) return;
        var refunded = await Twice(op, _ => accounts.Handle(new RefundTransfer(Id(op.From), transfer, amount, "EUR"), Context(refundId)));
        Assert.Equal(CommandOutcome.Applied, refunded.Outcome);
    }

    /// <summary>Handles a command once, or twice with the same command id when the op says it is redelivered.</summary>
    private static async Task<CommandResult<AccountState>> Twice(Op op, Func<Guid, Task<CommandResult<AccountState>>> handle)
    {
        var id = Guid.NewGuid();
        var first = await handle(id);
        if (!op.Duplicate) return first;
        var second = await handle(id);
        // A redelivery changes nothing: recognised by its command id, or by the account having done that transfer step.
        if (first.Outcome == CommandOutcome.Applied)
            Assert.True(second.Outcome == CommandOutcome.AlreadyHandled || second is { Outcome: CommandOutcome.Applied, NewEvents.Count: 0 }, $"redelivery: {second.Outcome}");
        return first;
    }

    private static CommandContext Context(Guid commandId) => new() { CommandId = commandId };

    private static string Id(int i) => $"acc-{i}";
}
