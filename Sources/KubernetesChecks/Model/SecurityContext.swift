/// A pod- or container-level securityContext, as far as the checks read it.
struct SecurityContext: Sendable {
    var line: Int
    var runAsNonRoot: Located<Bool>?
    var runAsUser: Located<Int>?
    var runAsGroup: Located<Int>?
    var seccompType: Located<String>?
    var appArmorType: Located<String>?
    var seLinuxType: Located<String>?
    var seLinuxUser: Located<String>?
    var seLinuxRole: Located<String>?
    var windowsHostProcess: Located<Bool>?
    // Container level only.
    var privileged: Located<Bool>?
    var allowPrivilegeEscalation: Located<Bool>?
    var readOnlyRootFilesystem: Located<Bool>?
    var procMount: Located<String>?
    var capabilitiesLine: Int?
    var capabilitiesAdd: [Located<String>] = []
    var capabilitiesDrop: [Located<String>] = []
    // Pod level only.
    var fsGroup: Located<Int>?
    var supplementalGroups: [Located<Int>] = []
    var sysctls: [Located<String>] = []

    init(line: Int) { self.line = line }

    static func read(_ reader: inout FieldReader, _ parent: YAMLDocument.NodeID, _ path: String, pod: Bool) -> SecurityContext? {
        guard let f = reader.mapping(parent, "securityContext", path) else { return nil }
        let node = f.node, p = path + ".securityContext"
        var sc = SecurityContext(line: f.line)
        sc.runAsNonRoot = reader.bool(node, "runAsNonRoot", p)
        sc.runAsUser = reader.int(node, "runAsUser", p)
        sc.runAsGroup = reader.int(node, "runAsGroup", p)
        if let seccomp = reader.mapping(node, "seccompProfile", p) {
            sc.seccompType = reader.string(seccomp.node, "type", p + ".seccompProfile")
        }
        if let apparmor = reader.mapping(node, "appArmorProfile", p) {
            sc.appArmorType = reader.string(apparmor.node, "type", p + ".appArmorProfile")
        }
        if let se = reader.mapping(node, "seLinuxOptions", p) {
            sc.seLinuxType = reader.string(se.node, "type", p + ".seLinuxOptions")
            sc.seLinuxUser = reader.string(se.node, "user", p + ".seLinuxOptions")
            sc.seLinuxRole = reader.string(se.node, "role", p + ".seLinuxOptions")
        }
        if let windows = reader.mapping(node, "windowsOptions", p) {
            sc.windowsHostProcess = reader.bool(windows.node, "hostProcess", p + ".windowsOptions")
        }
        if pod {
            sc.fsGroup = reader.int(node, "fsGroup", p)
            if let groups = reader.sequence(node, "supplementalGroups", p) {
                for item in groups.items {
                    if case .int(let g)? = reader.doc.scalar(item) { sc.supplementalGroups.append(Located(value: g, line: reader.doc.line(item))) }
                }
            }
            for sysctl in reader.mappings(node, "sysctls", p) {
                if let name = reader.string(sysctl, "name", p + ".sysctls[]") { sc.sysctls.append(name) }
            }
        } else {
            sc.privileged = reader.bool(node, "privileged", p)
            sc.allowPrivilegeEscalation = reader.bool(node, "allowPrivilegeEscalation", p)
            sc.readOnlyRootFilesystem = reader.bool(node, "readOnlyRootFilesystem", p)
            sc.procMount = reader.string(node, "procMount", p)
            if let caps = reader.mapping(node, "capabilities", p) {
                sc.capabilitiesLine = caps.line
                sc.capabilitiesAdd = reader.strings(caps.node, "add", p + ".capabilities")
                sc.capabilitiesDrop = reader.strings(caps.node, "drop", p + ".capabilities")
            }
        }
        return sc
    }
}
