#!/usr/bin/env python3
"""Prints the field table of docs/policy-fields.md from Sources/Policy/Fields/PolicyFieldCatalog.swift
plus the producer notes below. Usage: python3 scripts/field-table.py > /tmp/table.md (then paste)."""
import json, re, sys, os

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = open(os.path.join(root, 'Sources/Policy/Fields/PolicyFieldCatalog.swift')).read()
body = src[src.index('static let specs: [Spec] = ['):src.index('static let entries')]
types = {'string': 'string', 'boolean': 'boolean', 'number': 'number', 'days': 'days', 'keyValue': 'key=value',
         'severity': 'severity', 'freshnessGrade': 'grade A–F', 'rbacLevel': 'RBAC level',
         'environmentVariable': 'SOURCE=NAME=VALUE', 'dockerfileLine': 'INSTRUCTION=regex'}

# Palisade status and producer per field: (status, filled by).
K8S = 'KubernetesChecks (manifests, live objects)'
RT = 'runtime agent (not yet in Palisade)'
AUDIT = 'Kubernetes audit-log source (not in Palisade)'
notes = {
    'Add Capabilities': ('yes', K8S),
    'Allow Privilege Escalation': ('yes', K8S),
    'AppArmor Profile': ('yes', K8S + '; annotation or securityContext.appArmorProfile'),
    'Automount Service Account Token': ('yes', K8S + '; pod, else service account, else true'),
    'CVE': ('yes', 'Vulnerabilities (finding id; aliases may be added as extra values)'),
    'CVSS': ('yes', 'Vulnerabilities (best available score)'),
    'Container CPU Limit': ('yes', K8S), 'Container CPU Request': ('yes', K8S),
    'Container Memory Limit': ('yes', K8S), 'Container Memory Request': ('yes', K8S),
    'Container Name': ('yes', K8S + '; also the row-linking key'),
    'Days Since CVE Fix Was Available': ('yes', 'Vulnerabilities (advisory publication date of the fix, as the freshness grade uses)'),
    'Days Since CVE Was First Discovered In Image': ('yes', 'Vulnerabilities ScanHistory: earliest recorded scan of this digest with the finding'),
    'Days Since CVE Was First Discovered In System': ('yes', 'Vulnerabilities ScanHistory: earliest recorded scan of any target with the CVE (decision: "system" is the scan history Palisade keeps — a CI runner\'s or a server\'s — not a fleet-wide central; absent when there is no history)'),
    'Days Since CVE Was Published': ('yes', 'Vulnerabilities (advisory `published`)'),
    'Disallowed Annotation': ('yes', 'reads Deployment Annotation'),
    'Disallowed Image Label': ('yes', 'reads Image Label'),
    'Dockerfile Line': ('yes', 'ImageAccess config history via PolicyFacts.dockerfileLine(fromHistory:)'),
    'Drop Capabilities': ('yes', K8S),
    'Environment Variable': ('yes', K8S + ' (RAW values; SECRET_KEY/CONFIG_MAP_KEY/FIELD/RESOURCE_FIELD references without value)'),
    'Exposed Node Port': ('yes', K8S + ' (Services selecting the pods)'),
    'Exposed Port': ('yes', K8S + ' (containerPort / hostPort / Service ports)'),
    'Exposed Port Protocol': ('yes', K8S),
    'File Operation': ('model only', RT + '; StackRox feature-flagged, absent from policy-field-metadata.md'),
    'File Path': ('model only', RT + '; StackRox feature-flagged, absent from policy-field-metadata.md'),
    'Fixable': ('yes', 'Vulnerabilities'),
    'Fixed By': ('yes', 'Vulnerabilities (omit or empty when unfixable)'),
    'Has Egress Network Policy': ('yes', K8S + ' (cross-object NetworkPolicy check)'),
    'Has Ingress Network Policy': ('yes', K8S + ' (cross-object NetworkPolicy check)'),
    'Host IPC': ('yes', K8S), 'Host Network': ('yes', K8S), 'Host PID': ('yes', K8S),
    'Image Age': ('yes', 'ImageAccess (config `created`)'),
    'Image Component': ('yes', 'Inventory (every OS and language package)'),
    'Image OS': ('yes', 'Inventory (os-release: `debian:12`)'),
    'Image Registry': ('yes', 'ImageAccess (reference)'), 'Image Remote': ('yes', 'ImageAccess (reference)'),
    'Image Scan Age': ('yes', 'Vulnerabilities ScanHistory (last scan of the digest)'),
    'Image Signature Verified By': ('yes', 'Signing (key-set names that verified; `[]` when verification ran and none did). StackRox integration ids are kept on import and need renaming'),
    'Image Tag': ('yes', 'ImageAccess (reference)'),
    'Image User': ('yes', 'ImageAccess (config USER; fill `root` or `0` when empty)'),
    'Is Impersonated User': ('model only', AUDIT),
    'Kubernetes API Verb': ('model only', AUDIT),
    'Kubernetes Resource': ('model only', RT + ' (admission webhook for pods/exec, attach, portforward); SECRETS/CONFIGMAPS need ' + AUDIT),
    'Kubernetes Resource Name': ('model only', AUDIT),
    'Kubernetes User Groups': ('model only', RT + ' (admission) or ' + AUDIT),
    'Kubernetes User Name': ('model only', RT + ' (admission) or ' + AUDIT),
    'Liveness Probe Defined': ('yes', K8S), 'Readiness Probe Defined': ('yes', K8S),
    'Minimum RBAC Permissions': ('yes', K8S + ' (cross-object RBAC: bindings of the service account)'),
    'Mount Propagation': ('yes', K8S),
    'NVD CVSS': ('yes', 'Vulnerabilities (when the advisory carries an NVD score)'),
    'Namespace': ('yes', K8S),
    'Port Exposure Method': ('yes', K8S + ' (Service type, hostPort; ROUTE from OpenShift Routes)'),
    'Privileged Container': ('yes', K8S),
    'Process Ancestor': ('model only', RT), 'Process Arguments': ('model only', RT),
    'Process Name': ('model only', RT), 'Process UID': ('model only', RT),
    'Read-Only Root Filesystem': ('yes', K8S), 'Replicas': ('yes', K8S),
    'Required Annotation': ('yes', 'reads Deployment Annotation'),
    'Required Image Label': ('yes', 'reads Image Label'),
    'Required Label': ('yes', 'reads Deployment Label'),
    'Runtime Class': ('yes', K8S), 'Seccomp Profile Type': ('yes', K8S), 'Service Account': ('yes', K8S),
    'Severity': ('yes', 'Vulnerabilities'),
    'Source IP Address': ('model only', AUDIT),
    'Unexpected Network Flow Detected': ('model only', RT + ' with a learned network baseline'),
    'Unexpected Process Executed': ('model only', RT + ' with a learned process baseline'),
    'Unscanned Image': ('yes', 'Vulnerabilities ScanHistory (`true` when the digest has no scan)'),
    'User Agent': ('model only', AUDIT),
    'Volume Destination': ('yes', K8S), 'Volume Name': ('yes', K8S), 'Volume Source': ('yes', K8S),
    'Volume Type': ('yes', K8S), 'Writable Host Mount': ('yes', K8S), 'Writable Mounted Volume': ('yes', K8S),
    'Freshness Grade': ('yes', 'Vulnerabilities FreshnessGrade'),
    'Base Image': ('yes', 'ImageChecks BaseImageCatalog'),
    'Base Image Behind Days': ('yes', 'ImageChecks BaseImageCatalog'),
    'Secret Found': ('yes', 'ImageChecks secrets (rule ids)'),
    'Malware Found': ('yes', 'ImageChecks malware (rule / signature ids)'),
    'Config Check Failed': ('yes', 'ImageChecks config checks (PAL-IMG-…) and KubernetesChecks (check ids)'),
    'Package Type': ('yes', 'Inventory'),
    'Attestation Verified': ('yes', 'Signing (verified predicate types)'),
    'SLSA Builder': ('yes', 'Signing (verified SLSA provenance)'),
    'SLSA Source': ('yes', 'Signing (verified SLSA provenance)'),
    'Deployment Label': ('yes', K8S), 'Deployment Annotation': ('yes', K8S),
    'Image Label': ('yes', 'ImageAccess (config labels)'), 'Image Name': ('yes', 'ImageAccess (full reference)'),
}

rows = []
for spec in body.split('        Spec(')[1:]:
    name = re.search(r'name: "([^"]+)"', spec).group(1)
    enum = re.search(r'type: \.enumeration\(([^)]*)\)', spec)
    if enum:
        arg = enum.group(1)
        kind = 'capability' if arg == 'capabilities' else 'enum: ' + ', '.join(re.findall(r'"([^"]+)"', arg)) if arg != 'kubernetesResources' else 'enum: PODS_EXEC, PODS_ATTACH, PODS_PORTFORWARD, SECRETS, CONFIGMAPS, …'
    else:
        kind = types[re.search(r'type: \.(\w+)', spec).group(1)]
    entity = re.search(r'entity: \.(\w+)', spec).group(1)
    stages = {'image': 'build, deploy, runtime', 'deploy': 'deploy, runtime', 'runtime': 'runtime'}[re.search(r'kinds: (\w+)', spec).group(1)]
    neg = 'no' if 'negationForbidden: true' in spec else 'yes'
    conj = 'no' if 'andForbidden: true' in spec else 'yes'
    summary = re.search(r'summary: "((?:[^"\\]|\\.)*)"', spec).group(1).replace('\\"', '"')
    status, filled = notes[name]
    rows.append(f'| {name} | {kind} | {entity} | {stages} | {neg} | {conj} | {status} | {summary} Filled by: {filled}. |')
print('| Field | Values | Entity | Stages | Negate | AND | Palisade | Meaning, and what fills it |')
print('|---|---|---|---|---|---|---|---|')
print('\n'.join(rows))
