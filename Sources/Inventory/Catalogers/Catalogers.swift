/// The cataloger registry: one explicit list (STYLE.md rule 6).
public enum Catalogers {
    /// What image scans run by default: installed packages, as trivy and syft catalog images.
    public static let imageDefaults: [any Cataloger] = [
        OSReleaseCataloger(),
        DpkgCataloger(),
        DebianCopyrightCataloger(),
        PythonCataloger(),
        NpmCataloger(),
        GoBinaryCataloger(),
        JavaArchiveCataloger(),
    ]

    /// Every cataloger, by id.
    public static let all: [any Cataloger] = imageDefaults
}
