// The README's quick start, kept compiling as part of the solution.
using EventFramework;

var serializer = new EventSerializer(new TypeRegistry()
    .Register<CartOpened>("CartOpened")
    .Register<ItemAdded>("ItemAdded"));
var store = new SqliteEventStore(Path.Combine(Path.GetTempPath(), "quickstart.db"));

var carts = new CommandService<Cart>(store, serializer, () => new Cart(), (cart, e) => cart.Evolve(e))
    .On<OpenCart>(c => new StreamName($"Cart-{c.CartId}"), (_, c) => [new CartOpened(c.CartId)],
        new CommandPolicy { Expect = StreamExpectation.New })
    .On<AddItem>(c => new StreamName($"Cart-{c.CartId}"), (cart, c) => cart.Items.Count < 3
        ? [new ItemAdded(c.CartId, c.Sku)]
        : throw new DomainException("a cart holds at most 3 items"));

var cartId = Guid.NewGuid().ToString("N");
await carts.Handle(new OpenCart(cartId));
var result = await carts.Handle(new AddItem(cartId, "book"));
Console.WriteLine($"{result.Outcome}: version {result.Version}, items {string.Join(", ", result.State!.Items)}");

foreach (var e in await store.ReadStream(new StreamName($"Cart-{cartId}"), from: 0, maxCount: 100))
    Console.WriteLine($"{e.StreamPosition}: {e.EventType} {serializer.Deserialize(e)}");

public sealed record OpenCart(string CartId);
public sealed record AddItem(string CartId, string Sku);
public sealed record CartOpened(string CartId);
public sealed record ItemAdded(string CartId, string Sku);

public sealed record Cart(IReadOnlyList<string> Items)
{
    public Cart() : this([]) { }

    public Cart Evolve(object e) => e switch
    {
        ItemAdded added => this with { Items = [.. Items, added.Sku] },
        _ => this,
    };
}
