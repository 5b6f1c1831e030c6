/// The cataloger registry: one explicit list (STYLE.md rule 6).
public enum Catalogers {
    /// What image scans run by default: installed packages, as trivy and syft catalog images.
    public static let imageDefaults: [any Cataloger] = [
        OSReleaseCataloger(),
        DpkgCataloger(),
        DebianCopyrightCataloger(),
        ApkCataloger(),
        RpmCataloger(),
        PythonCataloger(),
        NpmCataloger(),
        GoBinaryCataloger(),
        JavaArchiveCataloger(),
        GemspecCataloger(),
        ComposerInstalledCataloger(),
        DotnetDepsCataloger(),
        CargoAuditableCataloger(),
    ]

    /// Lock files and manifests, for scans of source trees: what a project declares, not what an
    /// image holds (an image's `/opt/app/requirements.txt` may pin a package a later layer deleted),
    /// so, as in trivy and syft, image scans leave them out.
    public static let lockFiles: [any Cataloger] = [
        PythonLockCataloger(),
        NpmLockCataloger(),
        YarnLockCataloger(),
        PnpmLockCataloger(),
        GoModCataloger(),
        GemfileLockCataloger(),
        CargoLockCataloger(),
        ComposerLockCataloger(),
        NuGetLockCataloger(),
    ]

    /// Every cataloger, by id.
    public static let all: [any Cataloger] = imageDefaults + lockFiles
}
