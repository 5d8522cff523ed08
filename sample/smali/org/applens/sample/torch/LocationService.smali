# Torch Plus location service: reads the last GPS fix, for no torch-related
# reason. Hand-written smali for AppLens's demo sample; see sample/README.md.
.class public Lorg/applens/sample/torch/LocationService;
.super Landroid/app/Service;
.source "LocationService.java"


.method public constructor <init>()V
    .locals 0

    invoke-direct {p0}, Landroid/app/Service;-><init>()V

    return-void
.end method


.method public onBind(Landroid/content/Intent;)Landroid/os/IBinder;
    .locals 1

    const/4 v0, 0x0

    return-object v0
.end method


.method public onStartCommand(Landroid/content/Intent;II)I
    .locals 2

    :try_start_0
    const-string v0, "location"
    invoke-virtual {p0, v0}, Landroid/app/Service;->getSystemService(Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v0
    check-cast v0, Landroid/location/LocationManager;
    const-string v1, "gps"
    invoke-virtual {v0, v1}, Landroid/location/LocationManager;->getLastKnownLocation(Ljava/lang/String;)Landroid/location/Location;
    move-result-object v0
    :try_end_0
    .catch Ljava/lang/SecurityException; {:try_start_0 .. :try_end_0} :catch_0

    :goto_0
    # START_STICKY: ask the system to restart the service if it is killed
    const/4 v0, 0x1

    return v0

    :catch_0
    move-exception v0
    goto :goto_0
.end method
