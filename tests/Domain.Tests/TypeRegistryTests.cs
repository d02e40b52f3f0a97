namespace EventFramework.Domain.Tests;

public sealed class TypeRegistryTests
{
    [EventType("Account.Opened")]
    private sealed record AccountOpened(string Id);

    private sealed record AccountClosed(string Id);

    private sealed record Unrelated(int X);

    [Fact]
    public void a_type_is_registered_under_its_attribute_name()
    {
        var registry = new TypeRegistry().Register<AccountOpened>();

        Assert.Equal("Account.Opened", registry.NameOf(typeof(AccountOpened)));
        Assert.True(registry.TryGetType("Account.Opened", out var type));
        Assert.Equal(typeof(AccountOpened), type);
    }

    [Fact]
    public void an_explicit_name_wins_over_the_attribute()
    {
        var registry = new TypeRegistry().Register<AccountOpened>("AccountOpened.v2");

        Assert.Equal("AccountOpened.v2", registry.NameOf(typeof(AccountOpened)));
        Assert.False(registry.TryGetType("Account.Opened", out _));
    }

    [Fact]
    public void a_name_taken_by_another_type_is_rejected()
    {
        var registry = new TypeRegistry().Register<AccountClosed>("Account.Closed");

        var error = Assert.Throws<ArgumentException>(() => registry.Register<Unrelated>("Account.Closed"));

        Assert.Contains(typeof(AccountClosed).FullName!, error.Message, StringComparison.Ordinal);
        Assert.True(registry.TryGetType("Account.Closed", out var type));
        Assert.Equal(typeof(AccountClosed), type);
        Assert.Throws<UnregisteredEventTypeException>(() => registry.NameOf(typeof(Unrelated)));
    }

    [Fact]
    public void registering_the_same_type_and_name_twice_is_harmless()
    {
        var registry = new TypeRegistry().Register<AccountOpened>().Register<AccountOpened>();

        Assert.Equal("Account.Opened", registry.NameOf(typeof(AccountOpened)));
    }

    [Fact]
    public void a_type_without_attribute_or_name_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new TypeRegistry().Register<AccountClosed>());
        Assert.Throws<ArgumentException>(() => new TypeRegistry().Register<AccountClosed>(" "));
    }

    [Fact]
    public void the_name_of_an_unregistered_type_is_a_typed_error()
    {
        var error = Assert.Throws<UnregisteredEventTypeException>(() => new TypeRegistry().NameOf(typeof(Unrelated)));

        Assert.Equal(typeof(Unrelated), error.Type);
    }

    [Fact]
    public void register_all_finds_the_attributed_types_of_an_assembly()
    {
        var registry = new TypeRegistry().RegisterAll(typeof(TypeRegistryTests).Assembly);

        Assert.Equal("Account.Opened", registry.NameOf(typeof(AccountOpened)));
        Assert.Throws<UnregisteredEventTypeException>(() => registry.NameOf(typeof(AccountClosed)));
    }

    [Fact]
    public void a_second_upcaster_from_the_same_name_is_rejected()
    {
        var registry = new TypeRegistry().AddUpcaster(new Upcaster("A.v1", "A", j => j));

        Assert.Throws<ArgumentException>(() => registry.AddUpcaster(new Upcaster("A.v1", "A.v2", j => j)));
        Assert.True(registry.TryGetUpcaster("A.v1", out var kept));
        Assert.Equal("A", kept.ToType);
    }
}
