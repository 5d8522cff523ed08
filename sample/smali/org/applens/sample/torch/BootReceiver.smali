# Torch Plus boot receiver: restarts location tracking every time the phone
# boots. Hand-written smali for AppLens's demo sample; see sample/README.md.
.class public Lorg/applens/sample/torch/BootReceiver;
.super Landroid/content/BroadcastReceiver;
.source "BootReceiver.java"


.method public constructor <init>()V
    .locals 0

    invoke-direct {p0}, Landroid/content/BroadcastReceiver;-><init>()V

    return-void
.end method


.method public onReceive(Landroid/content/Context;Landroid/content/Intent;)V
    .locals 2

    new-instance v0, Landroid/content/Intent;
    const-class v1, Lorg/applens/sample/torch/LocationService;
    invoke-direct {v0, p1, v1}, Landroid/content/Intent;-><init>(Landroid/content/Context;Ljava/lang/Class;)V
    invoke-virtual {p1, v0}, Landroid/content/Context;->startService(Landroid/content/Intent;)Landroid/content/ComponentName;

    return-void
.end method
