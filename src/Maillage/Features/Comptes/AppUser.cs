using Microsoft.AspNetCore.Identity;

namespace Maillage.Features.Comptes;

public class AppUser : IdentityUser
{
    public required string DisplayName { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }

    /// <summary>When the account was deactivated; the retention job deletes it after the configured period.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
    public List<Grant> Grants { get; set; } = [];
}

/// <summary>A role granted to a user on a territory node or on an organization.</summary>
public class Grant
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public Role Role { get; set; }
    public int? TerritoryId { get; set; }
    public Territoires.Territory? Territory { get; set; }
    public int? OrganizationId { get; set; }
    public Structures.Organization? Organization { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
}

/// <summary>An invitation e-mailed to a future user; only the token's hash is stored.</summary>
public class Invitation
{
    public int Id { get; set; }
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public Role Role { get; set; }
    public int? TerritoryId { get; set; }
    public Territoires.Territory? Territory { get; set; }
    public int? OrganizationId { get; set; }
    public Structures.Organization? Organization { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? InvitedById { get; set; }
    public int SendCount { get; set; }
}

/// <summary>A machine client of the API, with one role and one scope; only the token's hash is stored.</summary>
public class ApiClient
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public Role Role { get; set; }
    public int? TerritoryId { get; set; }
    public Territoires.Territory? Territory { get; set; }
    public int? OrganizationId { get; set; }
    public Structures.Organization? Organization { get; set; }

    /// <summary>SHA-256 of the token, hex; the token itself is shown once at creation.</summary>
    public required string TokenHash { get; set; }
    public required string TokenPrefix { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
