namespace EventFramework;

/// <summary>
/// The context an in-memory projection writes through: documents by id, staged until the batch
/// commits (a failed batch leaves nothing behind, as on a database).
/// </summary>
public sealed class InMemoryDocuments
{
    private static readonly object Deleted = new();
    private readonly IReadOnlyDictionary<string, object> _committed;
    private readonly Dictionary<string, object> _staged = new(StringComparer.Ordinal);

    internal InMemoryDocuments(IReadOnlyDictionary<string, object> committed) => _committed = committed;

    /// <summary>The document stored under <paramref name="id"/>, including this batch's writes.</summary>
    public T? Get<T>(string id) where T : class =>
        _staged.TryGetValue(id, out var staged) ? staged as T : _committed.GetValueOrDefault(id) as T;

    /// <summary>Stores <paramref name="document"/> under <paramref name="id"/>.</summary>
    public void Put<T>(string id, T document) where T : class => _staged[id] = document;

    /// <summary>The ids of committed and staged documents starting with <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Ids(string prefix) =>
        _committed.Keys.Concat(_staged.Keys).Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && Get<object>(k) is not null).Distinct();

    /// <summary>Removes the document under <paramref name="id"/>.</summary>
    public void Delete(string id) => _staged[id] = Deleted;

    internal void CommitTo(Dictionary<string, object> documents)
    {
        foreach (var (id, doc) in _staged)
            if (ReferenceEquals(doc, Deleted)) documents.Remove(id); else documents[id] = doc;
    }
}
