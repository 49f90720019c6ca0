namespace Maillage.Features.Materiel.Campaigns;

/// <summary>A campaign as the form and the service receive it.</summary>
public class CampaignInput
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Eligibility { get; set; }
    public int? TargetCount { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? EndsOn { get; set; }

    /// <summary>The organization that runs the campaign and owns its devices: one the user manages.</summary>
    public int? OrganizationId { get; set; }
    public List<int> PrescriberIds { get; set; } = [];
    public bool IsActive { get; set; } = true;
}

/// <summary>A person referred by a prescriber: the least data that lets the unit hand over a device.</summary>
public class ReferralInput
{
    /// <summary>The prescribing organization; may be left out when the user prescribes for only one of the campaign's.</summary>
    public int? PrescriberOrganizationId { get; set; }
    public string? FirstName { get; set; }
    public string? LastName { get; set; }
    public int? BirthYear { get; set; }

    /// <summary>Commune of residence: name, « Name (INSEE) », INSEE code or postal code.</summary>
    public string? Commune { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? Need { get; set; }

    /// <summary>The person agreed to the purpose read to them (<see cref="CampaignConsent"/>).</summary>
    public bool Consent { get; set; }
}

/// <summary>What the coordinator decides when handing over a device.</summary>
public class AttributionInput
{
    public int? ItemId { get; set; }
    public AttributionKind? Kind { get; set; }
    public DateOnly? DueDate { get; set; }
}

/// <summary>The purpose read to the person before the referral is saved, stored exactly as shown.</summary>
public static class CampaignConsent
{
    /// <summary>The column's length (ReferralConfiguration).</summary>
    public const int MaxLength = 1000;

    /// <summary>The same text whichever prescribing organization refers the person, so that what is stored is what was shown.</summary>
    public static string Purpose(string campaign, string owner)
    {
        var text = $"La structure qui vous oriente transmet à {owner} vos nom, prénom, année de naissance, commune, contact et votre besoin, " +
            $"pour vous proposer un ordinateur dans le cadre de la campagne « {campaign} » (prêt ou don, avec une convention signée). " +
            "Seules les équipes de ces deux structures les voient. Vous pouvez les consulter, les corriger ou les faire effacer à tout moment : " +
            "demandez-le à la structure qui vous oriente.";
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
    }
}
