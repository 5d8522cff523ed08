"""Builds the iOS fixture IPAs into target/ios-fixtures/ (run via script/build-ios-fixtures).

Every fixture is made here, from this file, Python's standard library and, where a real program or a real
privacy manifest matters, files from ../shared/corpus (read, never copied into the repository):

  corpus ipa/fastlane_very-capable-app.ipa  its Mach-O program (code-signature entitlements: get-task-allow,
                                            network extension) and nothing else
  corpus ipa/sweekly_thisisatest.ipa        its fat (armv7 + arm64) Mach-O program, as is and with the arm64
                                            slice's LC_ENCRYPTION_INFO_64 cryptid set to 1; its ad hoc profile
  corpus ipa/mobsf_helloworld.ipa           its enterprise (in-house) embedded.mobileprovision
  corpus data/privacy_manifests/*           Meta's FBSDKCoreKit, Firebase Crashlytics and a template manifest

Info.plists are written with plistlib (binary for some fixtures, XML for others), icons are drawn here and
stored as Apple "CgBI" PNGs (premultiplied BGRA, raw deflate, every PNG row filter), and SDK programs are
tiny synthetic Mach-O files with real load commands (LC_SEGMENT_64 with __objc_classname, LC_SYMTAB,
LC_LOAD_DYLIB, LC_ENCRYPTION_INFO_64). Zip entries carry a fixed date so the output is reproducible.
tests/fixtures/ipa/README.md says what each fixture is for.

Usage: build_ios_fixtures.py CORPUS_DIR OUT_DIR
"""
import io
import math
import pathlib
import plistlib
import struct
import sys
import zipfile
import zlib

DATE = (2024, 5, 1, 12, 0, 0)


# ---------------------------------------------------------------------------------------------------------
# Zip

def write_ipa(path, files):
    """files: list of (name, bytes); directories are implied. Deflated like real IPAs."""
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, data)


def read_entry(ipa, suffix):
    with zipfile.ZipFile(ipa) as z:
        for n in z.namelist():
            if n.endswith(suffix) and not n.startswith("__MACOSX/"):
                return z.read(n)
    raise SystemExit(f"{ipa}: no entry ending in {suffix}")


# ---------------------------------------------------------------------------------------------------------
# PNG and CgBI

def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def draw_icon(size):
    """A rounded square with a blue-to-teal gradient, a white lens ring, and transparent corners (RGBA)."""
    px = bytearray()
    r_corner = size * 0.22
    for y in range(size):
        for x in range(size):
            cx, cy = min(max(x, r_corner), size - 1 - r_corner), min(max(y, r_corner), size - 1 - r_corner)
            d_corner = math.hypot(x - cx, y - cy)
            alpha = max(0.0, min(1.0, r_corner - d_corner + 0.5))
            t = (x + y) / (2 * size)
            r, g, b = int(11 + 20 * t), int(92 + 100 * t), int(173 - 40 * t)
            d = math.hypot(x - size * 0.45, y - size * 0.45)
            ring = abs(d - size * 0.22)
            if ring < size * 0.05:
                r, g, b = 255, 255, 255
            handle = abs((x - y)) < size * 0.06 and x > size * 0.6 and x < size * 0.82
            if handle:
                r, g, b = 255, 255, 255
            px += bytes((r, g, b, int(round(alpha * 255))))
    return px


def cgbi_png(size):
    """Encodes like Xcode's pngcrush -iphone: CgBI chunk, premultiplied BGRA, filters 0-4 in turn, raw deflate."""
    rgba = draw_icon(size)
    stride = size * 4
    pre = bytearray()
    for i in range(0, len(rgba), 4):
        r, g, b, a = rgba[i:i + 4]
        pre += bytes((b * a // 255, g * a // 255, r * a // 255, a))
    raw = bytearray()
    prev = bytes(stride)
    for y in range(size):
        row = pre[y * stride:(y + 1) * stride]
        f = y % 5
        raw.append(f)
        for i in range(stride):
            a = row[i - 4] if i >= 4 else 0
            b = prev[i]
            c = prev[i - 4] if i >= 4 else 0
            pred = (0, a, b, (a + b) // 2, paeth(a, b, c))[f]
            raw.append((row[i] - pred) & 0xFF)
        prev = row
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: no zlib header, no checksum
    idat = comp.compress(bytes(raw)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"CgBI", b"\x50\x00\x20\x06") + png_chunk(b"IHDR", ihdr)
            + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b""))


def plain_png(size):
    rgba = draw_icon(size)
    stride = size * 4
    raw = b"".join(b"\x00" + bytes(rgba[y * stride:(y + 1) * stride]) for y in range(size))
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(raw, 9))
            + png_chunk(b"IEND", b""))


# ---------------------------------------------------------------------------------------------------------
# Mach-O

def synthetic_macho(classes=(), symbols=(), dylibs=(), strings=(), cryptid=0, install_name=None):
    """A small arm64 Mach-O with real load commands: __TEXT (__objc_classname, __cstring), the encryption
    command covering __TEXT's contents, LC_ID_DYLIB for a library (`install_name`, which makes it MH_DYLIB),
    LC_LOAD_DYLIB per library and LC_SYMTAB with undefined symbols. llvm-objdump reads it without complaint."""
    filetype = 6 if install_name else 2
    classname = b"".join(c.encode() + b"\0" for c in classes) or b"\0"
    cstring = b"".join(s.encode() + b"\0" for s in strings) or b"\0"
    dylib_cmds = []
    for cmd, lib in ([(0xD, install_name)] if install_name else []) + [(0xC, lib) for lib in dylibs]:
        name = lib.encode() + b"\0"
        size = (24 + len(name) + 7) // 8 * 8
        dylib_cmds.append(struct.pack("<IIIIII", cmd, size, 24, 2, 0x10000, 0x10000) + name.ljust(size - 24, b"\0"))
    nsects = 2
    seg_size = 72 + 80 * nsects
    cmds_size = seg_size + 24 + sum(len(c) for c in dylib_cmds) + 24
    header_size = 32
    text_off = (header_size + cmds_size + 15) // 16 * 16
    classname_off = text_off
    cstring_off = classname_off + len(classname)
    text_end = cstring_off + len(cstring)
    # Symbol table after __TEXT (in the real world, __LINKEDIT): never encrypted.
    symoff = (text_end + 7) // 8 * 8
    names = [b"\0"] + [s.encode() + b"\0" for s in symbols]
    strtab = b"".join(names)
    stroff = symoff + 16 * len(symbols)
    nlist = b""
    pos = 1
    for n in names[1:]:
        nlist += struct.pack("<IBBHQ", pos, 0x01, 0, 0, 0)  # N_UNDF | N_EXT: imported
        pos += len(n)
    total = stroff + len(strtab)

    def sect(name, off, size, flags):
        return struct.pack("<16s16sQQIIIIIIII", name, b"__TEXT", 0x100000000 + off, size, off, 0, 0, 0, flags, 0, 0, 0)

    seg = struct.pack("<II16sQQQQiiII", 0x19, seg_size, b"__TEXT", 0x100000000, text_end, 0, text_end, 5, 5, nsects, 0)
    seg += sect(b"__objc_classname", classname_off, len(classname), 0x2)
    seg += sect(b"__cstring", cstring_off, len(cstring), 0x2)
    crypt = struct.pack("<IIIIII", 0x2C, 24, text_off, text_end - text_off, cryptid, 0)
    symtab = struct.pack("<IIIIII", 0x2, 24, symoff, len(symbols), stroff, len(strtab))
    cmds = seg + crypt + b"".join(dylib_cmds) + symtab
    assert len(cmds) == cmds_size
    ncmds = 3 + len(dylib_cmds)
    header = struct.pack("<IiiIIIII", 0xFEEDFACF, 0x0100000C, 0, filetype, ncmds, cmds_size, 0x00200085, 0)
    out = bytearray(total)
    out[0:32] = header
    out[32:32 + cmds_size] = cmds
    out[classname_off:classname_off + len(classname)] = classname
    out[cstring_off:cstring_off + len(cstring)] = cstring
    out[symoff:symoff + len(nlist)] = nlist
    out[stroff:stroff + len(strtab)] = strtab
    return bytes(out)


def set_cryptid(macho, cryptid):
    """Sets cryptid in every slice of a (fat or thin) Mach-O: what an App Store download looks like."""
    data = bytearray(macho)

    def patch(base):
        magic = struct.unpack_from("<I", data, base)[0]
        is64 = magic == 0xFEEDFACF
        ncmds = struct.unpack_from("<I", data, base + 16)[0]
        off = base + (32 if is64 else 28)
        hit = False
        for _ in range(ncmds):
            cmd, size = struct.unpack_from("<II", data, off)
            if cmd in (0x21, 0x2C):  # LC_ENCRYPTION_INFO, LC_ENCRYPTION_INFO_64
                struct.pack_into("<I", data, off + 16, cryptid)
                hit = True
            off += size
        assert hit, "no LC_ENCRYPTION_INFO to patch"

    if struct.unpack_from(">I", data, 0)[0] == 0xCAFEBABE:
        for i in range(struct.unpack_from(">I", data, 4)[0]):
            _, _, offset, _, _ = struct.unpack_from(">5I", data, 8 + 20 * i)
            patch(offset)
    else:
        patch(0)
    return bytes(data)


# ---------------------------------------------------------------------------------------------------------
# DER, for an unsigned App Store-style profile and a certificate-shaped subject

def der(tag, content):
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + length + content


def oid(*arcs):
    body = bytes([40 * arcs[0] + arcs[1]])
    for a in arcs[2:]:
        enc = [a & 0x7F]
        a >>= 7
        while a:
            enc.insert(0, 0x80 | (a & 0x7F))
            a >>= 7
        body += bytes(enc)
    return der(0x06, body)


def certificate_shape(common_name):
    """Only the structure AppLens reads (the subject); not a valid certificate: nothing can verify it."""
    name = der(0x30, der(0x31, der(0x30, oid(2, 5, 4, 3) + der(0x0C, common_name.encode()))))
    tbs = der(0x30, der(0xA0, der(0x02, b"\x02")) + der(0x02, b"\x01") + der(0x30, oid(1, 2, 840, 113549, 1, 1, 11))
              + name + der(0x30, der(0x17, b"240501000000Z") + der(0x17, b"250501000000Z")) + name + der(0x30, b""))
    return der(0x30, tbs + der(0x30, oid(1, 2, 840, 113549, 1, 1, 11)) + der(0x03, b"\x00"))


def unsigned_profile(plist_dict):
    """A CMS SignedData envelope (DER) around the profile plist, with no signer: AppLens does not verify."""
    content = der(0x30, oid(1, 2, 840, 113549, 1, 7, 1) + der(0xA0, der(0x04, plistlib.dumps(plist_dict))))
    signed = der(0x30, der(0x02, b"\x01") + der(0x31, b"") + content + der(0x31, b""))
    return der(0x30, oid(1, 2, 840, 113549, 1, 7, 2) + der(0xA0, signed))


# ---------------------------------------------------------------------------------------------------------
# Fixtures

def info_plist(**keys):
    base = {
        "CFBundleDevelopmentRegion": "en",
        "CFBundleInfoDictionaryVersion": "6.0",
        "CFBundlePackageType": "APPL",
        "CFBundleSupportedPlatforms": ["iPhoneOS"],
        "DTPlatformName": "iphoneos",
        "DTSDKName": "iphoneos17.4",
        "LSRequiresIPhoneOS": True,
    }
    base.update(keys)
    return base


def framework(app, name, bundle_id, program, manifest=None, version="1.0.0"):
    files = [
        (f"{app}Frameworks/{name}.framework/Info.plist", plistlib.dumps({
            "CFBundleExecutable": name, "CFBundleIdentifier": bundle_id, "CFBundleName": name,
            "CFBundlePackageType": "FMWK", "CFBundleShortVersionString": version}, fmt=plistlib.FMT_BINARY)),
        (f"{app}Frameworks/{name}.framework/{name}", program),
    ]
    if manifest is not None:
        files.append((f"{app}Frameworks/{name}.framework/PrivacyInfo.xcprivacy", manifest))
    return files


def build(corpus, out):
    ipa_dir = corpus / "ipa"
    manifests = corpus / "data" / "privacy_manifests"
    fb_manifest = (manifests / "FBSDKCoreKit_PrivacyInfo.xcprivacy").read_bytes()
    crashlytics_manifest = (manifests / "FirebaseCrashlytics_PrivacyInfo.xcprivacy").read_bytes()
    template_manifest = (manifests / "crasowas_AppTemplate.xcprivacy").read_bytes()
    capable_program = read_entry(ipa_dir / "fastlane_very-capable-app.ipa", ".app/very-capable-app")
    sweekly_program = read_entry(ipa_dir / "sweekly_thisisatest.ipa", ".app/thisisatest")
    sweekly_profile = read_entry(ipa_dir / "sweekly_thisisatest.ipa", ".app/embedded.mobileprovision")
    enterprise_profile = read_entry(ipa_dir / "mobsf_helloworld.ipa", ".app/embedded.mobileprovision")
    out.mkdir(parents=True, exist_ok=True)

    # --- full.ipa: every section, every rule that can fire does ---------------------------------------
    app = "Payload/FieldNotes.app/"
    queried = ["fb", "fbapi", "instagram", "twitter", "whatsapp", "tg", "comgooglemaps", "waze", "uber",
               "lyft", "spotify", "tinder", "grindr", "paypal", "venmo", "revolut", "mybank"]
    info = info_plist(
        CFBundleIdentifier="org.applens.fixture.fieldnotes",
        CFBundleName="FieldNotes",
        CFBundleDisplayName="Field Notes",
        CFBundleExecutable="FieldNotes",
        CFBundleShortVersionString="3.1.4",
        CFBundleVersion="314",
        MinimumOSVersion="15.0",
        UIDeviceFamily=[1, 2],
        CFBundleIcons={"CFBundlePrimaryIcon": {"CFBundleIconFiles": ["AppIcon60x60"], "CFBundleIconName": "AppIcon"}},
        NSCameraUsageDescription="Field Notes uses the camera to photograph receipts and whiteboards.",
        NSUserTrackingUsageDescription="We use your data to show you ads that are more relevant to you.",
        NSLocationWhenInUseUsageDescription="Your location tags each note with the place you wrote it.",
        NSLocationAlwaysAndWhenInUseUsageDescription="Allow always so notes can remind you when you arrive somewhere.",
        NSLocationTemporaryUsageDescriptionDictionary={"PreciseTag": "A precise location makes the place tag exact."},
        NSContactsUsageDescription="Find friends who also use Field Notes. <b>Nothing</b> is uploaded.",
        NSPhotoLibraryAddUsageDescription="Save scanned pages to your photo library.",
        NSMicrophoneUsageDescription="Record voice notes — « dictée » included.",
        NSBluetoothAlwaysUsageDescription="Connect to the Field Notes smart pen.",
        NSLocalNetworkUsageDescription="Find printers on your network.",
        NSMotionUsageDescription="Count your steps between notes.",
        NSHealthShareUsageDescription="Add your workouts to your daily journal.",
        NSFaceIDUsageDescription="Unlock private notebooks with Face ID.",
        NFCReaderUsageDescription="Read NFC tags on meeting-room doors.",
        NSAppTransportSecurity={
            "NSAllowsArbitraryLoads": True,
            "NSExceptionDomains": {
                "legacy.example.com": {"NSIncludesSubdomains": True, "NSExceptionAllowsInsecureHTTPLoads": True,
                                       "NSExceptionMinimumTLSVersion": "TLSv1.0"},
                "api.example.com": {"NSExceptionRequiresForwardSecrecy": True},
            },
        },
        CFBundleURLTypes=[{"CFBundleURLName": "org.applens.fixture.fieldnotes", "CFBundleURLSchemes": ["fieldnotes"]},
                          {"CFBundleURLSchemes": ["fb1234567890"]}],
        LSApplicationQueriesSchemes=queried,
        UIBackgroundModes=["location", "audio", "remote-notification"],
    )
    keyboard = {
        "CFBundleIdentifier": "org.applens.fixture.fieldnotes.keyboard", "CFBundleDisplayName": "Notes Keyboard",
        "CFBundleExecutable": "Keyboard", "CFBundlePackageType": "XPC!",
        "NSExtension": {"NSExtensionPointIdentifier": "com.apple.keyboard-service",
                        "NSExtensionPrincipalClass": "KeyboardViewController",
                        "NSExtensionAttributes": {"RequestsOpenAccess": True, "IsASCIICapable": False}},
    }
    share = {
        "CFBundleIdentifier": "org.applens.fixture.fieldnotes.share", "CFBundleDisplayName": "Save to Field Notes",
        "CFBundleExecutable": "Share", "CFBundlePackageType": "XPC!",
        "NSPhotoLibraryUsageDescription": "Pick photos to attach to a note.",
        "NSCameraUsageDescription": "The share sheet can take a photo too.",
        "NSExtension": {"NSExtensionPointIdentifier": "com.apple.share-services"},
    }
    fb_program = synthetic_macho(classes=["FBSDKApplicationDelegate", "FBSDKAppEvents", "FBSDKGraphRequest"],
                                 strings=["https://ep1.facebook.com/", "graph.facebook.com"],
                                 install_name="@rpath/FBSDKCoreKit.framework/FBSDKCoreKit")
    ads_program = synthetic_macho(classes=["GADMobileAds", "GADBannerView", "GADRequest"],
                                  install_name="@rpath/GoogleMobileAds.framework/GoogleMobileAds")
    plain_program = synthetic_macho(classes=["GULAppEnvironmentUtil"], install_name="@rpath/GoogleUtilities.framework/GoogleUtilities")
    files = [
        (app + "Info.plist", plistlib.dumps(info, fmt=plistlib.FMT_BINARY)),
        (app + "FieldNotes", capable_program),
        (app + "embedded.mobileprovision", enterprise_profile),
        (app + "PrivacyInfo.xcprivacy", template_manifest),
        (app + "AppIcon60x60@2x.png", cgbi_png(120)),
        (app + "AppIcon60x60@3x.png", cgbi_png(180)),
        (app + "PlugIns/Keyboard.appex/Info.plist", plistlib.dumps(keyboard, fmt=plistlib.FMT_BINARY)),
        (app + "PlugIns/Keyboard.appex/Keyboard", synthetic_macho(classes=["KeyboardViewController"])),
        (app + "PlugIns/Share.appex/Info.plist", plistlib.dumps(share)),
        (app + "PlugIns/Share.appex/Share", synthetic_macho(classes=["ShareViewController"])),
    ]
    files += framework(app, "FBSDKCoreKit", "com.facebook.sdk.FBSDKCoreKit", fb_program, fb_manifest, "17.0.0")
    files += framework(app, "FirebaseCrashlytics", "org.cocoapods.FirebaseCrashlytics", plain_program, crashlytics_manifest, "10.24.0")
    files += framework(app, "GoogleUtilities", "org.cocoapods.GoogleUtilities", plain_program, None, "7.13.0")
    files += framework(app, "GoogleMobileAds", "com.google.GoogleMobileAds", ads_program, None, "11.2.0")
    write_ipa(out / "full.ipa", files)

    # --- quiet.ipa: the twin where the rules stay quiet (XML Info.plist, plain PNG icon) ------------------
    app = "Payload/Quiet.app/"
    info = info_plist(
        CFBundleIdentifier="org.applens.fixture.quiet",
        CFBundleName="Quiet",
        CFBundleExecutable="Quiet",
        CFBundleShortVersionString="1.0",
        CFBundleVersion="1",
        MinimumOSVersion="16.0",
        UIDeviceFamily=[1],
        CFBundleIconFiles=["Icon.png"],
        NSCameraUsageDescription="Scan documents.",
        NSAppTransportSecurity={"NSAllowsArbitraryLoads": False,
                                "NSExceptionDomains": {"example.org": {"NSExceptionMinimumTLSVersion": "TLSv1.2"}}},
        LSApplicationQueriesSchemes=["mailto-app"],
        UIBackgroundModes=["fetch"],
    )
    quiet_keyboard = dict(keyboard, CFBundleIdentifier="org.applens.fixture.quiet.keyboard")
    quiet_keyboard["NSExtension"] = {"NSExtensionPointIdentifier": "com.apple.keyboard-service",
                                     "NSExtensionAttributes": {"RequestsOpenAccess": False}}
    app_store_profile = unsigned_profile({
        "AppIDName": "Quiet", "ApplicationIdentifierPrefix": ["APPLENS01"], "Name": "Quiet App Store",
        "TeamIdentifier": ["APPLENS01"], "TeamName": "AppLens Fixtures", "UUID": "00000000-0000-4000-8000-000000000001",
        "Platform": ["iOS"], "Entitlements": {"get-task-allow": False, "application-identifier": "APPLENS01.org.applens.fixture.quiet"},
        "DeveloperCertificates": [certificate_shape("Apple Distribution: AppLens Fixtures (APPLENS01)")],
    })
    app_manifest = plistlib.dumps({"NSPrivacyTracking": False, "NSPrivacyTrackingDomains": [],
                                   "NSPrivacyCollectedDataTypes": [],
                                   "NSPrivacyAccessedAPITypes": [{"NSPrivacyAccessedAPIType": "NSPrivacyAccessedAPICategoryUserDefaults",
                                                                  "NSPrivacyAccessedAPITypeReasons": ["CA92.1"]}]})
    files = [
        (app + "Info.plist", plistlib.dumps(info)),
        (app + "Quiet", sweekly_program),
        (app + "embedded.mobileprovision", app_store_profile),
        (app + "PrivacyInfo.xcprivacy", app_manifest),
        (app + "Icon.png", plain_png(60)),
        (app + "PlugIns/Keyboard.appex/Info.plist", plistlib.dumps(quiet_keyboard)),
        (app + "PlugIns/Keyboard.appex/Keyboard", synthetic_macho(classes=["KeyboardViewController"])),
    ]
    files += framework(app, "Alamofire", "org.alamofire.Alamofire", synthetic_macho(classes=["AFSession"], install_name="@rpath/Alamofire.framework/Alamofire"),
                       template_manifest, "5.9.0")
    write_ipa(out / "quiet.ipa", files)

    # --- encrypted.ipa: an App Store-style download (real fat program, cryptid 1), ad hoc profile ----------
    app = "Payload/Locked.app/"
    info = info_plist(CFBundleIdentifier="com.sweekli.app.test", CFBundleName="Locked", CFBundleExecutable="Locked",
                      CFBundleShortVersionString="2.0", CFBundleVersion="20", MinimumOSVersion="10.0", UIDeviceFamily=[1])
    files = [
        (app + "Info.plist", plistlib.dumps(info, fmt=plistlib.FMT_BINARY)),
        (app + "Locked", set_cryptid(sweekly_program, 1)),
        (app + "embedded.mobileprovision", sweekly_profile),
    ]
    widget = {"CFBundleIdentifier": "com.sweekli.app.test.widget", "CFBundleExecutable": "Widget", "CFBundlePackageType": "XPC!",
              "NSExtension": {"NSExtensionPointIdentifier": "com.apple.widgetkit-extension"}}
    files += [
        (app + "PlugIns/Widget.appex/Info.plist", plistlib.dumps(widget, fmt=plistlib.FMT_BINARY)),
        # Encrypted too: its class names lie in the encrypted range and must not be read (no AdMob here).
        (app + "PlugIns/Widget.appex/Widget", synthetic_macho(classes=["GADBannerView", "WidgetProvider"], cryptid=1)),
    ]
    files += framework(app, "AppsFlyerLib", "com.appsflyer.AppsFlyerLib",
                       synthetic_macho(classes=["AppsFlyerLib", "AppsFlyerTracker"], install_name="@rpath/AppsFlyerLib.framework/AppsFlyerLib"), None, "6.14.0")
    write_ipa(out / "encrypted.ipa", files)

    # --- trackers.ipa: SDKs linked statically (class names only), one dynamically; tracking undeclared ----
    app = "Payload/Tracked.app/"
    info = info_plist(CFBundleIdentifier="org.applens.fixture.tracked", CFBundleName="Tracked", CFBundleExecutable="Tracked",
                      CFBundleShortVersionString="0.9", CFBundleVersion="9", MinimumOSVersion="14.0", UIDeviceFamily=[1, 2],
                      NSUserTrackingUsageDescription="Allow tracking to keep this app free.",
                      # The blanket switch plus a narrower key: iOS 10 and later ignore the blanket switch.
                      NSAppTransportSecurity={"NSAllowsArbitraryLoads": True, "NSAllowsArbitraryLoadsInWebContent": True})
    program = synthetic_macho(
        classes=["AppDelegate", "AppsFlyerLib", "Adjust", "ADJConfig", "TikTokBusiness", "TikTokConfig", "PAGSdk",
                 "PAGConfig", "BUAdSDKManager", "BDAutoTrack", "AdjustableSlider"],
        symbols=["_OBJC_CLASS_$_GADMobileAds", "_OBJC_CLASS_$_FBSDKLoginManager", "_OBJC_CLASS_$_UIView"],
        dylibs=["@rpath/FBSDKCoreKit.framework/FBSDKCoreKit", "/System/Library/Frameworks/UIKit.framework/UIKit",
                "/usr/lib/libobjc.A.dylib"])
    files = [
        (app + "Info.plist", plistlib.dumps(info)),
        (app + "Tracked", program),
    ]
    write_ipa(out / "trackers.ipa", files)

    # --- odd layouts -------------------------------------------------------------------------------------
    write_ipa(out / "no-info-plist.ipa", [("Payload/Empty.app/Empty", synthetic_macho())])
    info = info_plist(CFBundleIdentifier="org.applens.fixture.nested", CFBundleName="Nested", CFBundleExecutable="Nested",
                      CFBundleShortVersionString="1.0", CFBundleVersion="1", MinimumOSVersion="12.0", UIDeviceFamily=[1],
                      NSMicrophoneUsageDescription="Record memos.")
    write_ipa(out / "nested-folder.ipa", [
        ("__MACOSX/Export/Payload/Nested.app/._Info.plist", b"\0\x05\x16\x07AppleDouble"),
        ("Export/Payload/Nested.app/Info.plist", plistlib.dumps(info, fmt=plistlib.FMT_BINARY)),
        ("Export/Payload/Nested.app/Nested", synthetic_macho(classes=["MemoRecorder"])),
        ("Export/Payload/Nested.app/._Nested", b"\0\x05\x16\x07AppleDouble"),
    ])
    for p in sorted(out.glob("*.ipa")):
        print(f"  {p.name}: {p.stat().st_size} bytes")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    build(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
