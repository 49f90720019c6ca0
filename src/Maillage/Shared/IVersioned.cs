namespace Maillage;

/// <summary>An entity edited by users: <see cref="Version"/> is its optimistic concurrency token,
/// bumped on every update by <see cref="Data.AppDbContext"/>, identically on SQLite and PostgreSQL.</summary>
public interface IVersioned
{
    uint Version { get; set; }
}
