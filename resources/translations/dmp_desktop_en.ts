<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr">
<context>
    <name></name>
    <message>
        <source>L’Assurance Maladie vous accompagne</source>
        <translation>The Assurance Maladie is there to help</translation>
    </message>
    <message>
        <source>Sur Internet : rendez-vous sur le site dmp.fr, rubrique « FAQ ».</source>
        <translation>Online: go to dmp.fr, “FAQ” section.</translation>
    </message>
    <message>
        <source>Par e-mail : remplissez le formulaire de contact du site www.dmp.fr, rubrique « support ».</source>
        <translation>By e-mail: fill in the contact form on www.dmp.fr, “support” section.</translation>
    </message>
    <message>
        <source>Par téléphone : des conseillers dédiés, du lundi au vendredi de 8 h 30 à 17 h 30, au 0810 331 133 (0,06 €/min + prix appel).</source>
        <translation>By phone: dedicated advisers, Monday to Friday 8:30 am–5:30 pm, on 0810 331 133 (€0.06/min + call charge).</translation>
    </message>
    <message>
        <source>Le conseiller informatique de votre caisse d’Assurance Maladie : 0810 331 133.</source>
        <translation>The IT adviser of your Assurance Maladie office: 0810 331 133.</translation>
    </message>
    <message>
        <source>dmp-desktop : création du DMP au comptoir de la pharmacie</source>
        <translation>dmp-desktop: creating the DMP at the pharmacy counter</translation>
    </message>
    <message>
        <source>Mode formation (simulateur)</source>
        <translation>Training mode (simulator)</translation>
    </message>
    <message>
        <source>Mode production</source>
        <translation>Production mode</translation>
    </message>
    <message>
        <source>Depuis le 1ᵉʳ juillet 2021, le DMP est créé automatiquement dans « Mon espace santé » ; ce logiciel reproduit le parcours de création 2018–2021.</source>
        <translation>Since 1 July 2021 the DMP is created automatically in “Mon espace santé”; this software reproduces the 2018–2021 creation workflow.</translation>
    </message>
    <message>
        <source>Aucun bénéficiaire de cette carte ne peut avoir son DMP créé ici.</source>
        <translation>No beneficiary on this card can have their DMP created here.</translation>
    </message>
    <message>
        <source>La raison est dans la colonne « DMP possible ». Rien n’est créé.</source>
        <translation>The reason is in the “DMP possible” column. Nothing is created.</translation>
    </message>
    <message>
        <source>Recherche des lecteurs…</source>
        <translation>Looking for readers…</translation>
    </message>
    <message>
        <source>Carte lue dans le lecteur « {0} ».</source>
        <translation>Card read in reader “{0}”.</translation>
    </message>
    <message>
        <source>Lecteur « {0} » : en attente de la carte (lecture automatique).</source>
        <translation>Reader “{0}”: waiting for the card (read automatically).</translation>
    </message>
    <message>
        <source>Lecteur « {0} » : insérez la carte puis « Lire la carte ».</source>
        <translation>Reader “{0}”: insert the card, then “Read the card”.</translation>
    </message>
    <message>
        <source>Mode formation : insérez une carte de formation par le menu « Cartes de formation ».</source>
        <translation>Training mode: insert a training card from the “Training cards” menu.</translation>
    </message>
    <message>
        <source>&amp;Réessayer la lecture</source>
        <translation>&amp;Retry reading</translation>
    </message>
    <message>
        <source>&amp;Lire la carte</source>
        <translation>&amp;Read the card</translation>
    </message>
    <message>
        <source>simulateur de formation (aucun envoi réel)</source>
        <translation>training simulator (nothing is really sent)</translation>
    </message>
    <message>
        <source>oui</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>non</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Identifiant</source>
        <translation>Identifier</translation>
    </message>
    <message>
        <source>Consentement oral</source>
        <translation>Oral consent</translation>
    </message>
    <message>
        <source>Accès en cas d’urgence</source>
        <translation>Emergency access</translation>
    </message>
    <message>
        <source>autorisé</source>
        <translation>allowed</translation>
    </message>
    <message>
        <source>refusé</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>imprimante par défaut</source>
        <translation>default printer</translation>
    </message>
    <message>
        <source>ticket 80 mm</source>
        <translation>80 mm ticket</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Accusé</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>e-mail</translation>
    </message>
    <message>
        <source>Ce patient a déjà un DMP</source>
        <translation>This patient already has a DMP</translation>
    </message>
    <message>
        <source>Le DMP de ce patient est fermé</source>
        <translation>This patient&apos;s DMP is closed</translation>
    </message>
    <message>
        <source>Création refusée : le DMP est désormais créé automatiquement</source>
        <translation>Creation refused: the DMP is now created automatically</translation>
    </message>
    <message>
        <source>Depuis le 1ᵉʳ juillet 2021, les professionnels ne créent plus le DMP : il est ouvert automatiquement dans « Mon espace santé ». Invitez le patient à activer son profil sur monespacesante.fr. Rien n’a été créé ni compté.</source>
        <translation>Since 1 July 2021 professionals no longer create the DMP: it is opened automatically in “Mon espace santé”. Invite the patient to activate their profile on monespacesante.fr. Nothing was created or counted.</translation>
    </message>
    <message>
        <source>Création non confirmée</source>
        <translation>Creation not confirmed</translation>
    </message>
    <message>
        <source>Le DMP n’a pas été créé</source>
        <translation>The DMP was not created</translation>
    </message>
    <message>
        <source>Réessa&amp;yer la création</source>
        <translation>Retr&amp;y the creation</translation>
    </message>
    <message>
        <source>DMP créé</source>
        <translation>DMP created</translation>
    </message>
    <message>
        <source>Le DMP est créé ; l’accusé reste à imprimer (ou à enregistrer en PDF).</source>
        <translation>The DMP is created; the receipt is still to be printed (or saved as PDF).</translation>
    </message>
    <message>
        <source>Remettez l’accusé au patient : il contient son identifiant et son mot de passe provisoire.</source>
        <translation>Hand the receipt to the patient: it holds their login and temporary password.</translation>
    </message>
    <message>
        <source>Imprimer l’&amp;accusé sans compte</source>
        <translation>Print the receipt without &amp;account</translation>
    </message>
    <message>
        <source>Imprimer l’&amp;accusé</source>
        <translation>Print the rece&amp;ipt</translation>
    </message>
    <message>
        <source>Accusé sorti de l’imprimante « {0} ».</source>
        <translation>The receipt came out of “{0}”.</translation>
    </message>
    <message>
        <source>Envoyé à l’imprimante « {0} ».</source>
        <translation>Sent to the printer “{0}”.</translation>
    </message>
    <message>
        <source>Vérifiez que l’accusé est sorti : sinon, « Réimprimer » ou « Imprimer sur… ».</source>
        <translation>Check that the receipt came out; if not, “Reprint” or “Print on…”.</translation>
    </message>
    <message>
        <source>Le DMP est créé, mais pas encore le compte d’accès du patient.</source>
        <translation>The DMP is created, but not the patient&apos;s access account yet.</translation>
    </message>
    <message>
        <source>Cette patiente a déjà un DMP</source>
        <translation>This patient already has a DMP</translation>
    </message>
    <message>
        <source>Rien à créer ni à compter.</source>
        <translation>Nothing to create or count.</translation>
    </message>
    <message>
        <source>Dites au patient : « Vous avez déjà un DMP. Vos professionnels de santé peuvent l’alimenter ; pour le consulter vous-même, voyez dmp.fr. »</source>
        <translation>Tell the patient: “You already have a DMP. Your health professionals can add to it; to view it yourself, see dmp.fr.”</translation>
    </message>
    <message>
        <source>Dites à la patiente : « Vous avez déjà un DMP. Vos professionnels de santé peuvent l’alimenter ; pour le consulter vous-même, voyez dmp.fr. »</source>
        <translation>Tell the patient: “You already have a DMP. Your health professionals can add to it; to view it yourself, see dmp.fr.”</translation>
    </message>
    <message>
        <source>Le DMP de cette patiente est fermé</source>
        <translation>This patient’s DMP is closed</translation>
    </message>
    <message>
        <source>Il ne peut pas être recréé ici. Rien n’a été créé ni compté.</source>
        <translation>It cannot be created again here. Nothing was created or counted.</translation>
    </message>
    <message>
        <source>Dites au patient : « Votre DMP a été fermé. Pour le rouvrir, adressez-vous à votre caisse d’Assurance Maladie. »</source>
        <translation>Tell the patient: “Your DMP was closed. To reopen it, contact your Assurance Maladie office.”</translation>
    </message>
    <message>
        <source>Dites à la patiente : « Votre DMP a été fermé. Pour le rouvrir, adressez-vous à votre caisse d’Assurance Maladie. »</source>
        <translation>Tell the patient: “Your DMP was closed. To reopen it, contact your Assurance Maladie office.”</translation>
    </message>
    <message>
        <source>Remettez l’accusé de création au patient. Il recevra une confirmation par e-mail ou courrier.</source>
        <translation>Hand the creation receipt to the patient. They will get a confirmation by e-mail or post.</translation>
    </message>
    <message>
        <source>Créé le</source>
        <translation>Created on</translation>
    </message>
    <message>
        <source>Identifiant de connexion</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Codes envoyés par</source>
        <translation>Codes sent by</translation>
    </message>
    <message>
        <source>Compte d’accès non créé : </source>
        <translation>Access account not created: </translation>
    </message>
    <message>
        <source>Réessa&amp;yer le compte</source>
        <translation>Retr&amp;y the account</translation>
    </message>
    <message>
        <source>&amp;Réimprimer l’accusé</source>
        <translation>&amp;Reprint the receipt</translation>
    </message>
    <message>
        <source>&lt; &amp;Choisir un autre bénéficiaire</source>
        <translation>&lt; &amp;Choose another beneficiary</translation>
    </message>
    <message>
        <source>&lt; Retour à la &amp;carte Vitale</source>
        <translation>&lt; Back to the &amp;Vitale card</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <source>4. Compte d’accès patient</source>
        <translation>4. Patient access account</translation>
    </message>
    <message>
        <source>Le patient souhaite-t-il un compte d’accès en ligne ?</source>
        <translation>Does the patient want an online access account?</translation>
    </message>
    <message>
        <source>&amp;Oui</source>
        <translation>&amp;Yes</translation>
    </message>
    <message>
        <source>&amp;Non</source>
        <translation>&amp;No</translation>
    </message>
    <message>
        <source>Compte d’accès en ligne : oui</source>
        <translation>Online access account: yes</translation>
    </message>
    <message>
        <source>Compte d’accès en ligne : non, seulement l’accusé de création</source>
        <translation>Online access account: no, only the creation receipt</translation>
    </message>
    <message>
        <source>Coordonnées pour recevoir les codes de connexion (au moins une)</source>
        <translation>Where to send the login codes (at least one)</translation>
    </message>
    <message>
        <source>nom@exemple.fr</source>
        <translation>name@example.fr</translation>
    </message>
    <message>
        <source>Adresse e-mail du patient</source>
        <translation>Patient&apos;s e-mail address</translation>
    </message>
    <message>
        <source>Adresse e-mail suggérée</source>
        <translation>Suggested e-mail address</translation>
    </message>
    <message>
        <source>06 12 34 56 78</source>
        <translation>06 12 34 56 78</translation>
    </message>
    <message>
        <source>Téléphone portable du patient</source>
        <translation>Patient&apos;s mobile phone</translation>
    </message>
    <message>
        <source>&amp;E-mail :</source>
        <translation>&amp;E-mail:</translation>
    </message>
    <message>
        <source>Por&amp;table :</source>
        <translation>&amp;Mobile:</translation>
    </message>
    <message>
        <source>Relisez l’adresse au patient :</source>
        <translation>Read the address back to the patient:</translation>
    </message>
    <message>
        <source>Récapitulatif</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>&amp;Créer sans compte</source>
        <translation>C&amp;reate without account</translation>
    </message>
    <message>
        <source>Vouliez-vous dire {0} ?</source>
        <translation>Did you mean {0}?</translation>
    </message>
    <message>
        <source>Adresse e-mail suggérée : {0}</source>
        <translation>Suggested e-mail address: {0}</translation>
    </message>
    <message>
        <source>&amp;Créer avec compte</source>
        <translation>C&amp;reate with account</translation>
    </message>
    <message>
        <source>Créer le DMP avec un compte d’accès en ligne</source>
        <translation>Create the DMP with an online access account</translation>
    </message>
    <message>
        <source>Créer le DMP sans compte d’accès en ligne</source>
        <translation>Create the DMP without an online access account</translation>
    </message>
    <message>
        <source>Réponse Non : l’e-mail et le portable saisis ne seront pas utilisés.</source>
        <translation>Answer No: the e-mail and mobile typed will not be used.</translation>
    </message>
    <message>
        <source>Réponse Non : l’e-mail saisi ne sera pas utilisé.</source>
        <translation>Answer No: the e-mail typed will not be used.</translation>
    </message>
    <message>
        <source>Réponse Non : le portable saisi ne sera pas utilisé.</source>
        <translation>Answer No: the mobile typed will not be used.</translation>
    </message>
    <message>
        <source>Compte d’accès</source>
        <translation>Access account</translation>
    </message>
    <message>
        <source>&lt;i&gt;à demander au patient&lt;/i&gt;</source>
        <translation>&lt;i&gt;ask the patient&lt;/i&gt;</translation>
    </message>
    <message>
        <source>non</source>
        <translation>no</translation>
    </message>
    <message>
        <source>oui — &lt;i&gt;coordonnées à compléter&lt;/i&gt;</source>
        <translation>yes — &lt;i&gt;contact details to complete&lt;/i&gt;</translation>
    </message>
    <message>
        <source>oui — codes envoyés à {0}</source>
        <translation>yes — codes sent to {0}</translation>
    </message>
</context>
<context>
    <name>BarChart</name>
    <message>
        <source>Graphique des DMP créés par mois</source>
        <translation>Chart of DMP created per month</translation>
    </message>
</context>
<context>
    <name>ButtonBar</name>
    <message>
        <source>&amp;Annuler</source>
        <translation>C&amp;ancel</translation>
    </message>
    <message>
        <source>Abandonner ce patient (Échap)</source>
        <translation>Give up this patient (Esc)</translation>
    </message>
    <message>
        <source>&lt; &amp;Précédent</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <source>&amp;Suivant &gt;</source>
        <translation>Ne&amp;xt &gt;</translation>
    </message>
    <message>
        <source>Étape suivante (Entrée)</source>
        <translation>Next step (Enter)</translation>
    </message>
</context>
<context>
    <name>CardStatus</name>
    <message>
        <source>Une autre carte Vitale est dans le lecteur : cette création reste pour {0}. Pour l’autre patient, terminez ou annulez.</source>
        <translation>Another Vitale card is in the reader: this creation stays for {0}. For the other patient, finish or cancel.</translation>
    </message>
    <message>
        <source>Lecture de la carte insérée…</source>
        <translation>Reading the inserted card…</translation>
    </message>
    <message>
        <source>Carte insérée non reconnue — identité déjà lue</source>
        <translation>Inserted card not recognised — identity already read</translation>
    </message>
</context>
<context>
    <name>ConnectPage</name>
    <message>
        <source>2. Connexion au DMP</source>
        <translation>2. Connecting to the DMP</translation>
    </message>
    <message>
        <source>Professionnel connecté</source>
        <translation>Connected professional</translation>
    </message>
    <message>
        <source>Pharmacien(ne) :</source>
        <translation>Pharmacist:</translation>
    </message>
    <message>
        <source>N° RPPS :</source>
        <translation>RPPS number:</translation>
    </message>
    <message>
        <source>Pharmacie :</source>
        <translation>Pharmacy:</translation>
    </message>
    <message>
        <source>Service DMP :</source>
        <translation>DMP service:</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Nom, prénom :</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Né(e) le :</source>
        <translation>Born on:</translation>
    </message>
    <message>
        <source>Identifiant (INS) :</source>
        <translation>Identifier (INS):</translation>
    </message>
    <message>
        <source>&amp;Réessayer</source>
        <translation>&amp;Retry</translation>
    </message>
    <message>
        <source>Réessayer le test d’existence du DMP</source>
        <translation>Retry the DMP existence check</translation>
    </message>
    <message>
        <source>Insérez votre carte CPS ou CPE</source>
        <translation>Insert your CPS or CPE card</translation>
    </message>
    <message>
        <source>Elle reste dans le lecteur : un seul code PIN pour tous les patients.</source>
        <translation>It stays in the reader: one PIN for every patient.</translation>
    </message>
    <message>
        <source>Saisissez le code PIN de votre carte.</source>
        <translation>Type your card&apos;s PIN.</translation>
    </message>
    <message>
        <source>Il ne sera demandé qu’une fois tant que la carte reste dans le lecteur.</source>
        <translation>It is asked only once while the card stays in the reader.</translation>
    </message>
    <message>
        <source>Votre carte porte plusieurs situations d’exercice.</source>
        <translation>Your card holds several practice situations.</translation>
    </message>
    <message>
        <source>Choisissez la pharmacie où vous exercez aujourd’hui.</source>
        <translation>Choose the pharmacy where you work today.</translation>
    </message>
    <message>
        <source>&amp;Lire la carte CPS</source>
        <translation>&amp;Read the CPS card</translation>
    </message>
    <message>
        <source>Né le :</source>
        <translation>Born:</translation>
    </message>
    <message>
        <source>Née le :</source>
        <translation>Born:</translation>
    </message>
    <message>
        <source>INS-NIR</source>
        <translation>INS-NIR</translation>
    </message>
    <message>
        <source>INS-C (calculé de la carte)</source>
        <translation>INS-C (computed from the card)</translation>
    </message>
    <message>
        <source>Lecture de la carte CPS…</source>
        <translation>Reading the CPS card…</translation>
    </message>
    <message>
        <source>Vérification du code PIN…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <source>La carte vérifie le code.</source>
        <translation>The card is checking the code.</translation>
    </message>
    <message>
        <source>Connexion au service DMP…</source>
        <translation>Connecting to the DMP service…</translation>
    </message>
    <message>
        <source>Le canal sécurisé s’ouvre avec la clé de votre carte.</source>
        <translation>The secure channel opens with your card&apos;s key.</translation>
    </message>
    <message>
        <source>Vérification du DMP…</source>
        <translation>Checking the DMP…</translation>
    </message>
    <message>
        <source>Le service DMP est interrogé.</source>
        <translation>Asking the DMP service.</translation>
    </message>
    <message>
        <source>Ce patient n’a pas encore de DMP : vous pouvez le créer.</source>
        <translation>This patient has no DMP yet: you can create it.</translation>
    </message>
    <message>
        <source>Cette patiente n’a pas encore de DMP : vous pouvez le créer.</source>
        <translation>This patient has no DMP yet: you can create it.</translation>
    </message>
    <message>
        <source>Appuyez sur Entrée pour recueillir son consentement.</source>
        <translation>Press Enter to record their consent.</translation>
    </message>
    <message>
        <source>Ce patient a déjà un DMP : rien à créer.</source>
        <translation>This patient already has a DMP: nothing to create.</translation>
    </message>
    <message>
        <source>Cette patiente a déjà un DMP : rien à créer.</source>
        <translation>This patient already has a DMP: nothing to create.</translation>
    </message>
    <message>
        <source>Rien n’est compté ; passez au patient suivant.</source>
        <translation>Nothing is counted; go on with the next patient.</translation>
    </message>
    <message>
        <source>Le DMP de ce patient a été fermé.</source>
        <translation>This patient&apos;s DMP has been closed.</translation>
    </message>
    <message>
        <source>Le DMP de cette patiente a été fermé.</source>
        <translation>This patient’s DMP was closed.</translation>
    </message>
    <message>
        <source>Il ne peut pas être recréé ici : le patient s’adresse à sa caisse d’Assurance Maladie.</source>
        <translation>It cannot be recreated here: the patient should contact their Assurance Maladie office.</translation>
    </message>
</context>
<context>
    <name>ConsentPage</name>
    <message>
        <source>Guide pour présenter le DMP au patient</source>
        <translation>Guide to present the DMP to the patient</translation>
    </message>
    <message>
        <source>Le patient donne son &amp;consentement oral à la création de son DMP</source>
        <translation>The patient gives their oral &amp;consent to the creation of their DMP</translation>
    </message>
    <message>
        <source>Consentement oral du patient (obligatoire)</source>
        <translation>Patient&apos;s oral consent (required)</translation>
    </message>
    <message>
        <source>3. Consentement et accès d’urgence</source>
        <translation>3. Consent and emergency access</translation>
    </message>
    <message>
        <source>Consentement (obligatoire)</source>
        <translation>Consent (required)</translation>
    </message>
    <message>
        <source>&amp;Oui</source>
        <translation>&amp;Yes</translation>
    </message>
    <message>
        <source>&amp;Non</source>
        <translation>&amp;No</translation>
    </message>
    <message>
        <source>En cas d’urgence, le patient autorise-t-il l’accès à son DMP ?</source>
        <translation>In an emergency, does the patient allow access to their DMP?</translation>
    </message>
    <message>
        <source>Accès en cas d’urgence : oui</source>
        <translation>Emergency access: yes</translation>
    </message>
    <message>
        <source>Accès en cas d’urgence : non</source>
        <translation>Emergency access: no</translation>
    </message>
    <message>
        <source>La patiente donne son &amp;consentement oral à la création de son DMP</source>
        <translation>The patient gives oral &amp;consent to the creation of her DMP</translation>
    </message>
    <message>
        <source>En cas d’urgence, la patiente autorise-t-elle l’accès à son DMP ?</source>
        <translation>In an emergency, does the patient allow access to her DMP?</translation>
    </message>
    <message>
        <source>Réponse obligatoire : ne répondez pas à la place du patient.</source>
        <translation>Answer required: do not answer for the patient.</translation>
    </message>
    <message>
        <source>Réponse obligatoire : ne répondez pas à la place de la patiente.</source>
        <translation>An answer is required: do not answer for the patient.</translation>
    </message>
    <message>
        <source>Il autorise l’accès à son DMP en cas d’urgence.</source>
        <translation>He allows access to his DMP in an emergency.</translation>
    </message>
    <message>
        <source>Elle autorise l’accès à son DMP en cas d’urgence.</source>
        <translation>She allows access to her DMP in an emergency.</translation>
    </message>
    <message>
        <source>Le patient autorise l’accès à son DMP en cas d’urgence.</source>
        <translation>The patient allows access to their DMP in an emergency.</translation>
    </message>
    <message>
        <source>Il refuse l’accès à son DMP en cas d’urgence.</source>
        <translation>He refuses access to his DMP in an emergency.</translation>
    </message>
    <message>
        <source>Elle refuse l’accès à son DMP en cas d’urgence.</source>
        <translation>She refuses access to her DMP in an emergency.</translation>
    </message>
    <message>
        <source>Le patient refuse l’accès à son DMP en cas d’urgence.</source>
        <translation>The patient refuses access to their DMP in an emergency.</translation>
    </message>
    <message>
        <source>Pour présenter le DMP au patient</source>
        <translation>Presenting the DMP to the patient</translation>
    </message>
    <message>
        <source>Simple et pratique.</source>
        <translation>Simple and practical.</translation>
    </message>
    <message>
        <source>Un carnet de santé numérique, gratuit, sur Internet ou l’application DMP : toutes ses informations de santé au même endroit.</source>
        <translation>A free digital health record, online or in the DMP app: all their health information in one place.</translation>
    </message>
    <message>
        <source>Utile pour sa santé.</source>
        <translation>Useful for their health.</translation>
    </message>
    <message>
        <source>Il partage son historique avec les professionnels de son choix ; en urgence ou loin de chez lui, il est soigné plus efficacement.</source>
        <translation>They share their history with the professionals they choose; in an emergency or far from home, they get better care.</translation>
    </message>
    <message>
        <source>Elle partage son historique avec les professionnels de son choix ; en urgence ou loin de chez elle, elle est soignée plus efficacement.</source>
        <translation>She shares her history with the professionals she chooses; in an emergency or far from home, she is treated more effectively.</translation>
    </message>
    <message>
        <source>Sécurisé et confidentiel.</source>
        <translation>Secure and confidential.</translation>
    </message>
    <message>
        <source>Le patient contrôle l’accès : seuls les professionnels de santé de son choix le consultent.</source>
        <translation>The patient controls access: only the health professionals they choose can view it.</translation>
    </message>
    <message>
        <source>La patiente contrôle l’accès : seuls les professionnels de santé de son choix le consultent.</source>
        <translation>The patient controls access: only the health professionals she chooses can view it.</translation>
    </message>
    <message>
        <source>Accès en cas d’urgence.</source>
        <translation>Emergency access.</translation>
    </message>
    <message>
        <source>S’il dit oui, un médecin du SAMU (centre 15) ou une équipe d’urgence pourra ouvrir son DMP quand il n’est pas en état de donner son accord, par exemple s’il est inconscient. Il peut changer ce choix plus tard sur dmp.fr.</source>
        <translation>If he says yes, an emergency doctor of the SAMU (centre 15) or an emergency team can open his DMP when he is not able to agree, for instance if he is unconscious. He can change this choice later on dmp.fr.</translation>
    </message>
    <message>
        <source>Si elle dit oui, un médecin du SAMU (centre 15) ou une équipe d’urgence pourra ouvrir son DMP quand elle n’est pas en état de donner son accord, par exemple si elle est inconsciente. Elle peut changer ce choix plus tard sur dmp.fr.</source>
        <translation>If she says yes, an emergency doctor of the SAMU (centre 15) or an emergency team can open her DMP when she is not able to agree, for instance if she is unconscious. She can change this choice later on dmp.fr.</translation>
    </message>
    <message>
        <source>Ce que contient le DMP :</source>
        <translation>What the DMP holds:</translation>
    </message>
    <message>
        <source>l’historique des soins des 24 derniers mois (Assurance Maladie)</source>
        <translation>the last 24 months of care history (Assurance Maladie)</translation>
    </message>
    <message>
        <source>les pathologies et allergies éventuelles</source>
        <translation>any conditions and allergies</translation>
    </message>
    <message>
        <source>les traitements médicamenteux</source>
        <translation>medicines</translation>
    </message>
    <message>
        <source>les comptes-rendus d’hospitalisation et de consultation</source>
        <translation>hospital and consultation reports</translation>
    </message>
    <message>
        <source>les résultats d’examens (radios, analyses biologiques…)</source>
        <translation>test results (X-rays, lab tests…)</translation>
    </message>
    <message>
        <source>les directives anticipées et les proches à prévenir en cas d’urgence</source>
        <translation>advance directives and people to contact in an emergency</translation>
    </message>
</context>
<context>
    <name>Cps</name>
    <message>
        <source>pharmacien(ne)</source>
        <translation>pharmacist</translation>
    </message>
    <message>
        <source>médecin</source>
        <translation>physician</translation>
    </message>
    <message>
        <source>infirmier(ère)</source>
        <translation>nurse</translation>
    </message>
    <message>
        <source>CPS (carte de professionnel de santé)</source>
        <translation>CPS (health professional card)</translation>
    </message>
    <message>
        <source>CPE (carte du personnel de l’officine)</source>
        <translation>CPE (pharmacy staff card)</translation>
    </message>
    <message>
        <source>CPF (carte de professionnel en formation)</source>
        <translation>CPF (professional in training card)</translation>
    </message>
    <message>
        <source>personnel de l’officine</source>
        <translation>pharmacy staff</translation>
    </message>
    <message>
        <source>profession {0}</source>
        <translation>profession {0}</translation>
    </message>
    <message>
        <source>du {0} au {1}</source>
        <translation>from {0} to {1}</translation>
    </message>
</context>
<context>
    <name>CpsBox</name>
    <message>
        <source>Votre carte CPS</source>
        <translation>Your CPS card</translation>
    </message>
    <message>
        <source>Titulaire :</source>
        <translation>Holder:</translation>
    </message>
    <message>
        <source>Carte :</source>
        <translation>Card:</translation>
    </message>
    <message>
        <source>Profession :</source>
        <translation>Profession:</translation>
    </message>
    <message>
        <source>Identifiant national :</source>
        <translation>National identifier:</translation>
    </message>
    <message>
        <source>Validité :</source>
        <translation>Valid:</translation>
    </message>
    <message>
        <source>Code PIN :</source>
        <translation>PIN:</translation>
    </message>
    <message>
        <source>Exercice :</source>
        <translation>Practising at:</translation>
    </message>
    <message>
        <source>Service DMP :</source>
        <translation>DMP service:</translation>
    </message>
    <message>
        <source>Situations d’exercice de la carte</source>
        <translation>Practice situations on the card</translation>
    </message>
    <message>
        <source>Se &amp;connecter dans cette pharmacie</source>
        <translation>&amp;Connect in this pharmacy</translation>
    </message>
    <message>
        <source>Se connecter au DMP dans la situation choisie</source>
        <translation>Connect to the DMP in the chosen situation</translation>
    </message>
    <message>
        <source>Saisir le code PI&amp;N…</source>
        <translation>Type the PI&amp;N…</translation>
    </message>
    <message>
        <source>Saisir le code PIN de la carte CPS</source>
        <translation>Type the CPS card&apos;s PIN</translation>
    </message>
    <message>
        <source>3 essais</source>
        <translation>3 tries</translation>
    </message>
    <message>
        <source>2 essais restants</source>
        <translation>2 tries left</translation>
    </message>
    <message>
        <source>dernier essai : un code faux bloque la carte</source>
        <translation>final try: a wrong code blocks the card</translation>
    </message>
    <message>
        <source>carte bloquée</source>
        <translation>card blocked</translation>
    </message>
    <message>
        <source>Lecture de la carte CPS…</source>
        <translation>Reading the CPS card…</translation>
    </message>
    <message>
        <source>Cette carte ne peut pas servir : insérez une carte CPS ou CPE valide</source>
        <translation>This card cannot be used: insert a valid CPS or CPE card</translation>
    </message>
    <message>
        <source>Le lecteur de carte CPS n’est pas disponible</source>
        <translation>The CPS card reader is not available</translation>
    </message>
    <message>
        <source>Insérez votre carte CPS ou CPE</source>
        <translation>Insert your CPS or CPE card</translation>
    </message>
    <message>
        <source>Carte bloquée : elle ne peut pas ouvrir de session</source>
        <translation>Card blocked: it cannot open a session</translation>
    </message>
    <message>
        <source>Carte lue : saisissez votre code PIN</source>
        <translation>Card read: type your PIN</translation>
    </message>
    <message>
        <source>Vérification du code PIN…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <source>Choisissez votre situation d’exercice</source>
        <translation>Choose your practice situation</translation>
    </message>
    <message>
        <source>Code PIN accepté</source>
        <translation>PIN accepted</translation>
    </message>
    <message>
        <source>Connexion au service DMP…</source>
        <translation>Connecting to the DMP service…</translation>
    </message>
    <message>
        <source>Connecté(e) au DMP avec votre carte (mode DIRECTE)</source>
        <translation>Connected to the DMP with your card (mode DIRECTE)</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <source>Historique des créations</source>
        <translation>Creation history</translation>
    </message>
    <message>
        <source>Nom ou prénom</source>
        <translation>Last or first name</translation>
    </message>
    <message>
        <source>Filtrer par nom du patient</source>
        <translation>Filter by patient name</translation>
    </message>
    <message>
        <source>Du</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Au</source>
        <translation>To</translation>
    </message>
    <message>
        <source>&amp;Rechercher</source>
        <translation>&amp;Search</translation>
    </message>
    <message>
        <source>&amp;Patient :</source>
        <translation>&amp;Patient:</translation>
    </message>
    <message>
        <source>&amp;Du :</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>&amp;Au :</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>Chargement de l’historique…</source>
        <translation>Loading the history…</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Patient</translation>
    </message>
    <message>
        <source>Pharmacien</source>
        <translation>Pharmacist</translation>
    </message>
    <message>
        <source>Poste</source>
        <translation>Workstation</translation>
    </message>
    <message>
        <source>Compte</source>
        <translation>Account</translation>
    </message>
    <message>
        <source>Accusé</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Historique des créations de DMP</source>
        <translation>History of DMP creations</translation>
    </message>
    <message>
        <source>Réimprimer l’a&amp;ccusé</source>
        <translation>Reprint the re&amp;ceipt</translation>
    </message>
    <message>
        <source>Réimprimer l’accusé sans mot de passe</source>
        <translation>Reprint the receipt without password</translation>
    </message>
    <message>
        <source>&amp;Nouveaux identifiants…</source>
        <translation>&amp;New credentials…</translation>
    </message>
    <message>
        <source>Demander de nouveaux identifiants et imprimer un accusé avec le mot de passe provisoire</source>
        <translation>Ask for new credentials and print a receipt with the temporary password</translation>
    </message>
    <message>
        <source>créé</source>
        <translation>created</translation>
    </message>
    <message>
        <source>en attente</source>
        <translation>pending</translation>
    </message>
    <message>
        <source>existait déjà</source>
        <translation>already existed</translation>
    </message>
    <message>
        <source>refusé</source>
        <translation>refused</translation>
    </message>
    <message>
        <source>échec</source>
        <translation>failed</translation>
    </message>
    <message>
        <source>(inconnu)</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <source>avec compte</source>
        <translation>with account</translation>
    </message>
    <message>
        <source>sans compte</source>
        <translation>no account</translation>
    </message>
    <message>
        <source>imprimé</source>
        <translation>printed</translation>
    </message>
    <message>
        <source>non imprimé</source>
        <translation>not printed</translation>
    </message>
    <message>
        <source>{0} création(s)</source>
        <translation>{0} creation(s)</translation>
    </message>
    <message>
        <source>Nouveaux identifiants</source>
        <translation>New credentials</translation>
    </message>
    <message>
        <source>Demander au DMP un nouveau mot de passe provisoire pour {0} ? L’ancien ne servira plus.</source>
        <translation>Ask the DMP for a new temporary password for {0}? The old one will no longer work.</translation>
    </message>
    <message>
        <source>Impression en cours…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source> Le nouveau mot de passe est perdu : redemandez de nouveaux identifiants.</source>
        <translation> The new password is lost: ask for new credentials again.</translation>
    </message>
    <message>
        <source>L’accusé n’a pas été imprimé : vérifiez l’imprimante.</source>
        <translation>The receipt was not printed: check the printer.</translation>
    </message>
    <message>
        <source>Accusé avec nouveaux identifiants imprimé.</source>
        <translation>Receipt with new credentials printed.</translation>
    </message>
    <message>
        <source>Accusé réimprimé (sans mot de passe).</source>
        <translation>Receipt reprinted (without password).</translation>
    </message>
</context>
<context>
    <name>IdentifyPage</name>
    <message>
        <source>1. Identification du patient</source>
        <translation>1. Identifying the patient</translation>
    </message>
    <message>
        <source>Insérez la carte Vitale du patient dans le lecteur.</source>
        <translation>Insert the patient&apos;s carte Vitale in the reader.</translation>
    </message>
    <message>
        <source>&amp;Lire la carte</source>
        <translation>&amp;Read the card</translation>
    </message>
    <message>
        <source>Lire la carte Vitale</source>
        <translation>Read the carte Vitale</translation>
    </message>
    <message>
        <source>Relire la carte insérée (sinon la lecture est automatique)</source>
        <translation>Read the inserted card again (otherwise it is read automatically)</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Surname</translation>
    </message>
    <message>
        <source>Prénom</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Né(e) le</source>
        <translation>Born on</translation>
    </message>
    <message>
        <source>Qualité</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>DMP possible</source>
        <translation>DMP possible</translation>
    </message>
    <message>
        <source>Bénéficiaires de la carte Vitale</source>
        <translation>Beneficiaries of the carte Vitale</translation>
    </message>
    <message>
        <source>Insérez la carte Vitale</source>
        <translation>Insert the carte Vitale</translation>
    </message>
    <message>
        <source>Le poste n’a pas pu démarrer</source>
        <translation>This workstation could not start</translation>
    </message>
    <message>
        <source>Fermez la fenêtre et relancez l’application. Si le problème revient, le détail est dans le journal : transmettez-le à votre informaticien.</source>
        <translation>Close the window and start the application again. If the problem comes back, the details are in the log: give it to your IT person.</translation>
    </message>
    <message>
        <source>Mode formation : insérez une carte de formation par le menu « Cartes de formation ».</source>
        <translation>Training mode: insert a training card from the “Training cards” menu.</translation>
    </message>
    <message>
        <source>Choisissez le patient parmi les bénéficiaires de la carte.</source>
        <translation>Choose the patient among the card&apos;s beneficiaries.</translation>
    </message>
    <message>
        <source>Flèches haut/bas pour choisir, Entrée pour continuer.</source>
        <translation>Up/down arrows to choose, Enter to continue.</translation>
    </message>
    <message>
        <source>Assuré(e)</source>
        <translation>Insured</translation>
    </message>
    <message>
        <source>Conjoint(e)</source>
        <translation>Spouse</translation>
    </message>
    <message>
        <source>Enfant</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Autre</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>(né(e) {0})</source>
        <translation>(born {0})</translation>
    </message>
    <message>
        <source>(né {0})</source>
        <translation>(born {0})</translation>
    </message>
    <message>
        <source>(née {0})</source>
        <translation>(née {0})</translation>
    </message>
</context>
<context>
    <name>LedgerDialog</name>
    <message>
        <source>Registre des DMP créés</source>
        <translation>Ledger of DMP created</translation>
    </message>
    <message>
        <source>Chargement du registre…</source>
        <translation>Loading the ledger…</translation>
    </message>
    <message>
        <source>Mois</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>DMP créés</source>
        <translation>DMP created</translation>
    </message>
    <message>
        <source>Rémunération</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>DMP créés par mois</source>
        <translation>DMP created per month</translation>
    </message>
    <message>
        <source>&amp;Exporter les 12 mois (CSV)…</source>
        <translation>&amp;Export the 12 months (CSV)…</translation>
    </message>
    <message>
        <source>Exporter en CSV les DMP créés des 12 derniers mois</source>
        <translation>Export the DMPs created in the last 12 months as CSV</translation>
    </message>
    <message>
        <source>{0} DMP créés sur 12 mois — {1} € de rémunération</source>
        <translation>{0} DMP created over 12 months — €{1} payment</translation>
    </message>
    <message>
        <source>Exporter le registre</source>
        <translation>Export the ledger</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Création du DMP — carte Vitale</source>
        <translation>DMP creation — carte Vitale</translation>
    </message>
    <message>
        <source>MODE FORMATION — simulateur DMP, cartes de formation : aucun DMP réel n’est créé</source>
        <translation>TRAINING MODE — DMP simulator, training cards: no real DMP is created</translation>
    </message>
    <message>
        <source>&amp;Terminer</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <source>Para&amp;mètres</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>&amp;Paramètres du poste…</source>
        <translation>&amp;Workstation settings…</translation>
    </message>
    <message>
        <source>&amp;Quitter</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <source>Re&amp;gistre</source>
        <translation>Led&amp;ger</translation>
    </message>
    <message>
        <source>&amp;DMP créés et rémunération…</source>
        <translation>&amp;DMP created and payment…</translation>
    </message>
    <message>
        <source>&amp;Historique des créations…</source>
        <translation>Creation &amp;history…</translation>
    </message>
    <message>
        <source>Cartes de &amp;formation</source>
        <translation>Tra&amp;ining cards</translation>
    </message>
    <message>
        <source>&amp;Retirer la carte</source>
        <translation>&amp;Remove the card</translation>
    </message>
    <message>
        <source>A&amp;ide</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>&amp;Assistance DMP (FAQ, formulaire, téléphone)…</source>
        <translation>DMP &amp;support (FAQ, form, phone)…</translation>
    </message>
    <message>
        <source>À &amp;propos</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <source>Retirer la carte &amp;CPS</source>
        <translation>Remove the &amp;CPS card</translation>
    </message>
    <message>
        <source>Carte du pharmacien (CPS / CPE)</source>
        <translation>Pharmacist&apos;s card (CPS / CPE)</translation>
    </message>
    <message>
        <source>{0} — {1} (RPPS {2}) — poste {3}</source>
        <translation>{0} — {1} (RPPS {2}) — workstation {3}</translation>
    </message>
    <message>
        <source>{0} — carte CPS : pas de session ouverte — poste {1}</source>
        <translation>{0} — CPS card: no session open — workstation {1}</translation>
    </message>
    <message>
        <source>{0} — {1} (carte {2}, n° {3}) — poste {4}</source>
        <translation>{0} — {1} ({2} card, no. {3}) — workstation {4}</translation>
    </message>
    <message>
        <source>Assistance DMP</source>
        <translation>DMP support</translation>
    </message>
    <message>
        <source>À propos</source>
        <translation>About</translation>
    </message>
    <message>
        <source>Création en cours</source>
        <translation>Creation in progress</translation>
    </message>
    <message>
        <source>Attendez la fin de la création du DMP avant de fermer.</source>
        <translation>Wait until the DMP creation is over before closing.</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <source>Les paramètres de l’application sont invalides.</source>
        <translation>The application settings are invalid.</translation>
    </message>
    <message>
        <source>Corrigez-les dans Paramètres, ou appelez votre prestataire informatique.</source>
        <translation>Fix them in Settings, or call your IT provider.</translation>
    </message>
    <message>
        <source>Le logiciel de la pharmacie a envoyé une demande invalide.</source>
        <translation>The pharmacy software sent an invalid request.</translation>
    </message>
    <message>
        <source>Relancez l’assistant depuis votre logiciel métier.</source>
        <translation>Start the wizard again from your pharmacy software.</translation>
    </message>
    <message>
        <source>Le service des lecteurs de cartes ne répond pas.</source>
        <translation>The card reader service does not answer.</translation>
    </message>
    <message>
        <source>Vérifiez que le lecteur est branché ; l’application réessaie seule.</source>
        <translation>Check that the reader is plugged in; the application retries by itself.</translation>
    </message>
    <message>
        <source>Aucun lecteur de carte n’est branché.</source>
        <translation>No card reader is plugged in.</translation>
    </message>
    <message>
        <source>Branchez le lecteur de cartes Vitale.</source>
        <translation>Plug in the carte Vitale reader.</translation>
    </message>
    <message>
        <source>Le lecteur choisi dans les paramètres est introuvable.</source>
        <translation>The reader chosen in the settings cannot be found.</translation>
    </message>
    <message>
        <source>Branchez-le, ou choisissez un autre lecteur dans Paramètres.</source>
        <translation>Plug it in, or choose another reader in Settings.</translation>
    </message>
    <message>
        <source>Aucune carte Vitale dans le lecteur.</source>
        <translation>No carte Vitale in the reader.</translation>
    </message>
    <message>
        <source>Insérez la carte Vitale du patient, puce vers le haut.</source>
        <translation>Insert the patient&apos;s carte Vitale, chip facing up.</translation>
    </message>
    <message>
        <source>La carte Vitale a été retirée pendant la lecture.</source>
        <translation>The carte Vitale was removed while being read.</translation>
    </message>
    <message>
        <source>Réinsérez la carte et laissez-la dans le lecteur.</source>
        <translation>Insert the card again and leave it in the reader.</translation>
    </message>
    <message>
        <source>Cette carte n’est pas une carte Vitale.</source>
        <translation>This card is not a carte Vitale.</translation>
    </message>
    <message>
        <source>Insérez la carte Vitale du patient (pas la carte CPS ni une carte bancaire).</source>
        <translation>Insert the patient&apos;s carte Vitale (not the CPS card nor a bank card).</translation>
    </message>
    <message>
        <source>Carte Vitale 1 : elle ne peut pas servir à créer un DMP.</source>
        <translation>Carte Vitale 1: it cannot be used to create a DMP.</translation>
    </message>
    <message>
        <source>La carte n’a pas pu être lue.</source>
        <translation>The card could not be read.</translation>
    </message>
    <message>
        <source>Retirez la carte, essuyez la puce et réinsérez-la.</source>
        <translation>Remove the card, wipe the chip and insert it again.</translation>
    </message>
    <message>
        <source>Les données de la carte sont illisibles ou incomplètes.</source>
        <translation>The card&apos;s data are unreadable or incomplete.</translation>
    </message>
    <message>
        <source>Le numéro de sécurité sociale de la carte est invalide (clé fausse).</source>
        <translation>The card&apos;s social security number is invalid (wrong key).</translation>
    </message>
    <message>
        <source>Ce bénéficiaire n’a pas son propre numéro de sécurité sociale sur la carte.</source>
        <translation>This beneficiary has no social security number of their own on the card.</translation>
    </message>
    <message>
        <source>Rien ne peut être créé avec cette carte : rendez-la au patient.</source>
        <translation>Nothing can be created with this card: hand it back to the patient.</translation>
    </message>
    <message>
        <source>Rien ne peut être créé avec cette carte tant qu’elle n’est pas mise à jour.</source>
        <translation>Nothing can be created with this card until it is updated.</translation>
    </message>
    <message>
        <source>Le DMP ne peut pas être créé avec cette carte.</source>
        <translation>The DMP cannot be created with this card.</translation>
    </message>
    <message>
        <source>Son DMP ne peut pas être créé ici.</source>
        <translation>Their DMP cannot be created here.</translation>
    </message>
    <message>
        <source>Ce bénéficiaire n’existe pas sur la carte.</source>
        <translation>This beneficiary is not on the card.</translation>
    </message>
    <message>
        <source>Choisissez un bénéficiaire dans la liste.</source>
        <translation>Choose a beneficiary in the list.</translation>
    </message>
    <message>
        <source>La carte insérée n’est pas celle du patient attendu par votre logiciel.</source>
        <translation>The inserted card is not the one of the patient your software expects.</translation>
    </message>
    <message>
        <source>Vérifiez la carte Vitale, ou relancez depuis la fiche du bon patient.</source>
        <translation>Check the carte Vitale, or start again from the right patient&apos;s record.</translation>
    </message>
    <message>
        <source>Le consentement oral du patient n’est pas recueilli.</source>
        <translation>The patient&apos;s oral consent has not been recorded.</translation>
    </message>
    <message>
        <source>Sans consentement, pas de DMP : cochez la case après l’avoir demandé.</source>
        <translation>No consent, no DMP: tick the box once you have asked.</translation>
    </message>
    <message>
        <source>La réponse sur l’accès en cas d’urgence manque.</source>
        <translation>The answer about emergency access is missing.</translation>
    </message>
    <message>
        <source>Demandez au patient et cochez Oui ou Non.</source>
        <translation>Ask the patient and tick Yes or No.</translation>
    </message>
    <message>
        <source>Il faut une adresse e-mail ou un numéro de portable.</source>
        <translation>An e-mail address or a mobile number is needed.</translation>
    </message>
    <message>
        <source>Saisissez au moins l’un des deux, ou répondez Non au compte.</source>
        <translation>Enter at least one of them, or answer No to the account.</translation>
    </message>
    <message>
        <source>L’adresse e-mail n’est pas valide.</source>
        <translation>The e-mail address is not valid.</translation>
    </message>
    <message>
        <source>Vérifiez l’adresse avec le patient (exemple : nom@exemple.fr).</source>
        <translation>Check the address with the patient (example: name@example.fr).</translation>
    </message>
    <message>
        <source>Le numéro n’est pas un portable français.</source>
        <translation>The number is not a French mobile number.</translation>
    </message>
    <message>
        <source>Saisissez un numéro en 06 ou 07 (ou +33 6 / +33 7).</source>
        <translation>Enter a number starting with 06 or 07 (or +33 6 / +33 7).</translation>
    </message>
    <message>
        <source>Le service DMP est injoignable.</source>
        <translation>The DMP service cannot be reached.</translation>
    </message>
    <message>
        <source>Vérifiez la connexion Internet de la pharmacie, puis réessayez.</source>
        <translation>Check the pharmacy&apos;s Internet connection, then retry.</translation>
    </message>
    <message>
        <source>Le service DMP n’a pas répondu à temps.</source>
        <translation>The DMP service did not answer in time.</translation>
    </message>
    <message>
        <source>Réessayez dans un instant ; rien n’a été créé en double.</source>
        <translation>Retry in a moment; nothing was created twice.</translation>
    </message>
    <message>
        <source>Le service DMP a répondu par une erreur.</source>
        <translation>The DMP service answered with an error.</translation>
    </message>
    <message>
        <source>Réessayez dans quelques minutes.</source>
        <translation>Retry in a few minutes.</translation>
    </message>
    <message>
        <source>La réponse du service DMP est incompréhensible.</source>
        <translation>The DMP service&apos;s answer cannot be understood.</translation>
    </message>
    <message>
        <source>Réessayez ; si cela continue, appelez le 0810 331 133.</source>
        <translation>Retry; if it goes on, call 0810 331 133.</translation>
    </message>
    <message>
        <source>Le service DMP a rejeté la demande.</source>
        <translation>The DMP service rejected the request.</translation>
    </message>
    <message>
        <source>Le certificat de la pharmacie est refusé par le service DMP.</source>
        <translation>The pharmacy&apos;s certificate is refused by the DMP service.</translation>
    </message>
    <message>
        <source>Le certificat est peut-être expiré : contactez votre prestataire informatique.</source>
        <translation>The certificate may have expired: contact your IT provider.</translation>
    </message>
    <message>
        <source>Ce patient a déjà un DMP.</source>
        <translation>This patient already has a DMP.</translation>
    </message>
    <message>
        <source>Rien à créer ni à compter : ce DMP existe déjà.</source>
        <translation>Nothing to create or count: this DMP already exists.</translation>
    </message>
    <message>
        <source>Le DMP de ce patient a été fermé.</source>
        <translation>This patient&apos;s DMP has been closed.</translation>
    </message>
    <message>
        <source>Il ne peut pas être recréé ici : le patient s’adresse à sa caisse d’Assurance Maladie.</source>
        <translation>It cannot be recreated here: the patient should contact their Assurance Maladie office.</translation>
    </message>
    <message>
        <source>Le service refuse la création : depuis juillet 2021, le DMP est créé automatiquement dans « Mon espace santé ».</source>
        <translation>The service refuses the creation: since July 2021 the DMP is created automatically in “Mon espace santé”.</translation>
    </message>
    <message>
        <source>Rien à faire ici : invitez le patient à activer son profil sur monespacesante.fr.</source>
        <translation>Nothing to do here: invite the patient to activate their profile on monespacesante.fr.</translation>
    </message>
    <message>
        <source>Le patient a déjà un compte d’accès à son DMP.</source>
        <translation>The patient already has an access account to their DMP.</translation>
    </message>
    <message>
        <source>Il se connecte avec ses identifiants ; en cas d’oubli, sur dmp.fr.</source>
        <translation>They log in with their credentials; if forgotten, on dmp.fr.</translation>
    </message>
    <message>
        <source>Ce moyen de recevoir les codes est déjà enregistré.</source>
        <translation>This way of receiving codes is already registered.</translation>
    </message>
    <message>
        <source>Rien à faire : le compte est utilisable.</source>
        <translation>Nothing to do: the account can be used.</translation>
    </message>
    <message>
        <source>Vous n’avez pas de droit sur ce DMP.</source>
        <translation>You have no right on this DMP.</translation>
    </message>
    <message>
        <source>Le patient peut vous autoriser depuis son DMP ; sinon, rien n’est possible d’ici.</source>
        <translation>The patient can authorise you from their DMP; otherwise nothing can be done from here.</translation>
    </message>
    <message>
        <source>Le service ne trouve pas de DMP pour ce patient.</source>
        <translation>The service finds no DMP for this patient.</translation>
    </message>
    <message>
        <source>Recommencez par l’identification du patient : le DMP n’a peut-être pas été créé.</source>
        <translation>Start again from the patient&apos;s identification: the DMP may not have been created.</translation>
    </message>
    <message>
        <source>Le patient n’a pas de compte d’accès en ligne à son DMP.</source>
        <translation>The patient has no online access account to their DMP.</translation>
    </message>
    <message>
        <source>Ouvrez d’abord le compte (étape 4) avant de le modifier.</source>
        <translation>Open the account first (step 4) before changing it.</translation>
    </message>
    <message>
        <source>Le service refuse la création : le consentement du patient ne lui est pas parvenu.</source>
        <translation>The service refuses the creation: the patient&apos;s consent did not reach it.</translation>
    </message>
    <message>
        <source>Recueillez à nouveau le consentement oral du patient, puis recommencez.</source>
        <translation>Record the patient&apos;s oral consent again, then start again.</translation>
    </message>
    <message>
        <source>Le service n’a pas pu certifier l’identité du patient.</source>
        <translation>The service could not certify the patient&apos;s identity.</translation>
    </message>
    <message>
        <source>Vérifiez la carte Vitale du patient ; si cela continue, il s’adresse à sa caisse d’Assurance Maladie.</source>
        <translation>Check the patient&apos;s carte Vitale; if it goes on, the patient contacts their Assurance Maladie office.</translation>
    </message>
    <message>
        <source>Le service DMP a refusé le message envoyé par le logiciel.</source>
        <translation>The DMP service refused the message the software sent.</translation>
    </message>
    <message>
        <source>Ce n’est pas de votre fait : signalez-le à votre prestataire informatique.</source>
        <translation>This is not your doing: report it to your IT provider.</translation>
    </message>
    <message>
        <source>Le service DMP n’a pas accepté l’identification du professionnel.</source>
        <translation>The DMP service did not accept the professional&apos;s identification.</translation>
    </message>
    <message>
        <source>Vérifiez l’heure de l’ordinateur et la situation d’exercice choisie ; sinon, appelez votre prestataire.</source>
        <translation>Check the computer&apos;s clock and the chosen practice situation; otherwise call your IT provider.</translation>
    </message>
    <message>
        <source>Le service DMP a signalé une erreur.</source>
        <translation>The DMP service reported an error.</translation>
    </message>
    <message>
        <source>Un identifiant de test allait partir vers le service réel : envoi bloqué.</source>
        <translation>A test identifier was about to reach the real service: sending blocked.</translation>
    </message>
    <message>
        <source>Vérifiez les paramètres (mode formation ou production).</source>
        <translation>Check the settings (training or production mode).</translation>
    </message>
    <message>
        <source>Création non confirmée : le service DMP n’a pas répondu, elle sera vérifiée.</source>
        <translation>Creation not confirmed: the DMP service did not answer; it will be checked.</translation>
    </message>
    <message>
        <source>Ne recréez pas ce DMP ailleurs : dmp-desktop vérifie tout seul et le registre le comptera s’il existe.</source>
        <translation>Do not create this DMP again elsewhere: dmp-desktop checks by itself and the ledger will count it if it exists.</translation>
    </message>
    <message>
        <source>Le service DMP n’a pas pu être authentifié.</source>
        <translation>The DMP service could not be authenticated.</translation>
    </message>
    <message>
        <source>N’envoyez rien et contactez le support : ce serveur n’est peut-être pas le vrai.</source>
        <translation>Send nothing and contact support: this server may not be the real one.</translation>
    </message>
    <message>
        <source>Le mode production est réglé sur des éléments de formation : envoi bloqué.</source>
        <translation>Production mode is set up with training material: nothing sent.</translation>
    </message>
    <message>
        <source>Lancez « dmp-desktop doctor » : il dit lequel (service, certificat, autorité ou environnement INS).</source>
        <translation>Run “dmp-desktop doctor”: it says which (service, certificate, authority or INS environment).</translation>
    </message>
    <message>
        <source>La bibliothèque de la carte CPS (Cryptolib CPS) est introuvable.</source>
        <translation>The CPS card library (Cryptolib CPS) cannot be found.</translation>
    </message>
    <message>
        <source>Installez la Cryptolib CPS ou vérifiez son chemin dans les Paramètres.</source>
        <translation>Install the Cryptolib CPS or check its path in Settings.</translation>
    </message>
    <message>
        <source>Aucune carte CPS ou CPE dans le lecteur.</source>
        <translation>No CPS or CPE card in the reader.</translation>
    </message>
    <message>
        <source>Insérez votre carte de professionnel de santé.</source>
        <translation>Insert your health professional card.</translation>
    </message>
    <message>
        <source>Cette carte n’est pas une carte de professionnel de santé lisible.</source>
        <translation>This card is not a readable health professional card.</translation>
    </message>
    <message>
        <source>Vérifiez le sens de la carte, ou essayez une autre carte CPS ou CPE.</source>
        <translation>Check the card&apos;s orientation, or try another CPS or CPE card.</translation>
    </message>
    <message>
        <source>Votre carte CPS n’est plus valide.</source>
        <translation>Your CPS card is no longer valid.</translation>
    </message>
    <message>
        <source>Utilisez une autre carte ; la nouvelle carte se commande auprès de l’ANS.</source>
        <translation>Use another card; a new card is ordered from the ANS.</translation>
    </message>
    <message>
        <source>Code PIN incorrect.</source>
        <translation>Incorrect PIN.</translation>
    </message>
    <message>
        <source>Vérifiez le code et réessayez : la carte se bloque après trois codes faux.</source>
        <translation>Check the PIN and try again: the card locks after three wrong PINs.</translation>
    </message>
    <message>
        <source>La carte est bloquée : trop de codes faux.</source>
        <translation>The card is locked: too many wrong PINs.</translation>
    </message>
    <message>
        <source>Elle se débloque avec son code PUK (outil de l’ANS), pas au comptoir.</source>
        <translation>It is unlocked with its PUK (ANS tool), not at the counter.</translation>
    </message>
    <message>
        <source>La carte CPS a été retirée.</source>
        <translation>The CPS card was removed.</translation>
    </message>
    <message>
        <source>Réinsérez-la et saisissez de nouveau le code PIN.</source>
        <translation>Insert it again and type the PIN again.</translation>
    </message>
    <message>
        <source>Votre carte porte plusieurs situations d’exercice.</source>
        <translation>Your card holds several practice situations.</translation>
    </message>
    <message>
        <source>Choisissez la pharmacie où vous exercez aujourd’hui.</source>
        <translation>Choose the pharmacy where you work today.</translation>
    </message>
    <message>
        <source>Le certificat de la pharmacie n’est pas installé.</source>
        <translation>The pharmacy&apos;s certificate is not installed.</translation>
    </message>
    <message>
        <source>Installez-le (Paramètres) ou contactez votre prestataire informatique.</source>
        <translation>Install it (Settings) or contact your IT provider.</translation>
    </message>
    <message>
        <source>Le coffre à mots de passe du système est indisponible.</source>
        <translation>The system&apos;s password vault is unavailable.</translation>
    </message>
    <message>
        <source>Redémarrez la session Windows ; sinon contactez votre prestataire.</source>
        <translation>Restart the Windows session; otherwise contact your IT provider.</translation>
    </message>
    <message>
        <source>Le mot de passe du certificat n’est pas enregistré.</source>
        <translation>The certificate password is not stored.</translation>
    </message>
    <message>
        <source>Enregistrez-le avec « dmp-desktop doctor » ou votre prestataire.</source>
        <translation>Store it with “dmp-desktop doctor” or ask your IT provider.</translation>
    </message>
    <message>
        <source>Aucune imprimante n’est installée.</source>
        <translation>No printer is installed.</translation>
    </message>
    <message>
        <source>Enregistrez l’accusé en PDF, ou installez une imprimante puis « Réimprimer ».</source>
        <translation>Save the receipt as PDF, or install a printer then “Reprint”.</translation>
    </message>
    <message>
        <source>L’imprimante choisie est introuvable.</source>
        <translation>The chosen printer cannot be found.</translation>
    </message>
    <message>
        <source>Choisissez une autre imprimante dans Paramètres, puis « Réimprimer ».</source>
        <translation>Choose another printer in Settings, then “Reprint”.</translation>
    </message>
    <message>
        <source>L’imprimante est arrêtée ou en pause.</source>
        <translation>The printer is stopped or paused.</translation>
    </message>
    <message>
        <source>Vérifiez papier et bourrage, puis « Réimprimer ».</source>
        <translation>Check paper and jams, then “Reprint”.</translation>
    </message>
    <message>
        <source>L’impression de l’accusé a échoué.</source>
        <translation>Printing the receipt failed.</translation>
    </message>
    <message>
        <source>Le DMP est bien créé : « Réimprimer » ou « Enregistrer en PDF ».</source>
        <translation>The DMP is created: “Reprint” or “Save as PDF”.</translation>
    </message>
    <message>
        <source>L’accusé n’a pas pu être préparé.</source>
        <translation>The receipt could not be prepared.</translation>
    </message>
    <message>
        <source>Le DMP est bien créé ; réessayez « Réimprimer ».</source>
        <translation>The DMP is created; try “Reprint” again.</translation>
    </message>
    <message>
        <source>Le fichier demandé pour l’accusé est un lien ou n’est pas un fichier ordinaire.</source>
        <translation>The file given for the receipt is a link or not a regular file.</translation>
    </message>
    <message>
        <source>Donnez le chemin d’un fichier ordinaire ; rien n’a été envoyé.</source>
        <translation>Give the path of a regular file; nothing was sent.</translation>
    </message>
    <message>
        <source>Le registre des créations est inaccessible.</source>
        <translation>The creation ledger cannot be reached.</translation>
    </message>
    <message>
        <source>Réessayez ; si cela continue, contactez votre prestataire informatique.</source>
        <translation>Retry; if it goes on, contact your IT provider.</translation>
    </message>
    <message>
        <source>Le registre est occupé par un autre poste.</source>
        <translation>The ledger is busy with another workstation.</translation>
    </message>
    <message>
        <source>Réessayez dans quelques secondes.</source>
        <translation>Retry in a few seconds.</translation>
    </message>
    <message>
        <source>Le registre doit être mis à jour.</source>
        <translation>The ledger must be upgraded.</translation>
    </message>
    <message>
        <source>Lancez « dmp-desktop doctor » ou contactez votre prestataire.</source>
        <translation>Run “dmp-desktop doctor” or contact your IT provider.</translation>
    </message>
    <message>
        <source>Erreur interne de l’application.</source>
        <translation>Internal application error.</translation>
    </message>
    <message>
        <source>Réessayez ; si cela continue, envoyez le journal à votre prestataire.</source>
        <translation>Retry; if it goes on, send the log to your IT provider.</translation>
    </message>
    <message>
        <source>Le registre des créations est injoignable : ses écritures attendent sur ce poste.</source>
        <translation>The creation ledger cannot be reached: its entries wait on this workstation.</translation>
    </message>
    <message>
        <source>Rien à faire : elles seront enregistrées dès le retour de la base. Si cela dure, contactez votre prestataire informatique.</source>
        <translation>Nothing to do: they are stored as soon as the database is back. If this lasts, contact your IT provider.</translation>
    </message>
    <message>
        <source>Le registre des créations est injoignable et le disque de ce poste est plein : ses écritures sont gardées en mémoire.</source>
        <translation>The creation ledger cannot be reached and this workstation&apos;s disk is full: its entries are kept in memory.</translation>
    </message>
    <message>
        <source>Ne fermez pas l’application ; libérez de la place sur le disque ou contactez votre prestataire informatique.</source>
        <translation>Do not close the application; free some disk space or contact your IT provider.</translation>
    </message>
    <message>
        <source>Une écriture du registre des créations a échoué : ce DMP risque d’y manquer.</source>
        <translation>A write to the creation ledger failed: this DMP may be missing from it.</translation>
    </message>
    <message>
        <source>Le DMP est bien créé. Notez le patient et prévenez votre prestataire informatique.</source>
        <translation>The DMP is created. Note the patient and tell your IT provider.</translation>
    </message>
    <message>
        <source>Dites au patient : « Un instant, le lecteur de cartes n’est pas prêt. »</source>
        <translation>Tell the patient: “One moment, the card reader is not ready.”</translation>
    </message>
    <message>
        <source>Dites au patient : « Je dois relire votre carte : elle reste dans le lecteur le temps de la lecture. »</source>
        <translation>Tell the patient: “I need to read your card again: it stays in the reader while it is read.”</translation>
    </message>
    <message>
        <source>Dites au patient : « Il me faut votre carte Vitale. »</source>
        <translation>Tell the patient: “I need your carte Vitale.”</translation>
    </message>
    <message>
        <source>Dites au patient : « Votre carte Vitale est trop ancienne pour créer votre DMP ici. Vous pouvez le créer vous-même sur dmp.fr, ou demander une nouvelle carte à votre caisse d’Assurance Maladie. »</source>
        <translation>Tell the patient: “Your carte Vitale is too old to create your DMP here. You can create it yourself on dmp.fr, or ask your Assurance Maladie office for a new card.”</translation>
    </message>
    <message>
        <source>Dites au patient : « Un instant, je relis votre carte. »</source>
        <translation>Tell the patient: “One moment, I am reading your card again.”</translation>
    </message>
    <message>
        <source>Dites au patient : « Votre carte doit être mise à jour, à une borne de pharmacie ou de votre caisse ; nous créerons votre DMP ensuite. »</source>
        <translation>Tell the patient: “Your card needs updating, at a pharmacy or Assurance Maladie terminal; we will create your DMP afterwards.”</translation>
    </message>
    <message>
        <source>Dites au patient : « Votre carte porte une erreur ; votre caisse d’Assurance Maladie peut la corriger. »</source>
        <translation>Tell the patient: “Your card holds an error; your Assurance Maladie office can correct it.”</translation>
    </message>
    <message>
        <source>Dites au patient : « Votre carte Vitale ne permet pas de créer ce DMP ici ; votre caisse d’Assurance Maladie peut vous renseigner. »</source>
        <translation>Tell the patient: “Your carte Vitale does not allow this DMP to be created here; your Assurance Maladie office can tell you more.”</translation>
    </message>
    <message>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Non : pas de n° de sécurité sociale propre</source>
        <translation>No: no social security number of their own</translation>
    </message>
    <message>
        <source>Non : n° de sécurité sociale invalide</source>
        <translation>No: invalid social security number</translation>
    </message>
    <message>
        <source>Non : n° de sécurité sociale provisoire (commençant par 7 ou 8), pas d’INS</source>
        <translation>No: temporary social security number (starting with 7 or 8), no INS</translation>
    </message>
    <message>
        <source>Non : n° de sécurité sociale non certifié (commençant par 3 ou 4), pas d’INS</source>
        <translation>No: social security number never certified (starting with 3 or 4), no INS</translation>
    </message>
    <message>
        <source>Non : prénom sans lettre latine, l’INS-C ne peut pas être calculé</source>
        <translation>No: first name without Latin letters, the INS-C cannot be computed</translation>
    </message>
    <message>
        <source>Non</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>PatientStrip</name>
    <message>
        <source>né le {0}</source>
        <translation>born {0}</translation>
    </message>
    <message>
        <source>née le {0}</source>
        <translation>born {0}</translation>
    </message>
    <message>
        <source>né(e) le {0}</source>
        <translation>born {0}</translation>
    </message>
    <message>
        <source>Carte retirée — identité déjà lue</source>
        <translation>Card removed — identity already read</translation>
    </message>
    <message>
        <source>Patient : {0}</source>
        <translation>Patient: {0}</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <source>Code PIN de la carte CPS</source>
        <translation>CPS card PIN</translation>
    </message>
    <message>
        <source>&amp;Code PIN (4 chiffres) :</source>
        <translation>&amp;PIN (4 digits):</translation>
    </message>
    <message>
        <source>Code PIN de la carte CPS, 4 chiffres</source>
        <translation>CPS card PIN, 4 digits</translation>
    </message>
    <message>
        <source>&amp;Valider</source>
        <translation>C&amp;onfirm</translation>
    </message>
    <message>
        <source>&amp;Annuler</source>
        <translation>C&amp;ancel</translation>
    </message>
    <message>
        <source>Dernier essai : un code faux bloque la carte.</source>
        <translation>Final try: a wrong code blocks the card.</translation>
    </message>
    <message>
        <source>2 essais restants avant le blocage de la carte.</source>
        <translation>2 tries left before the card is blocked.</translation>
    </message>
    <message>
        <source>3 essais avant le blocage de la carte.</source>
        <translation>3 tries before the card is blocked.</translation>
    </message>
    <message>
        <source>Dernier essai</source>
        <translation>Final try</translation>
    </message>
    <message>
        <source>Une carte bloquée se débloque avec son code PUK, hors du comptoir. Envoyer ce code ?</source>
        <translation>A blocked card is unblocked with its PUK code, away from the counter. Send this code?</translation>
    </message>
    <message>
        <source>&amp;Envoyer le code</source>
        <translation>&amp;Send the code</translation>
    </message>
    <message>
        <source>&amp;Vérifier le code</source>
        <translation>C&amp;heck the code</translation>
    </message>
</context>
<context>
    <name>Questions</name>
    <message>
        <source>&amp;Oui</source>
        <translation>&amp;Yes</translation>
    </message>
    <message>
        <source>&amp;Non</source>
        <translation>&amp;No</translation>
    </message>
</context>
<context>
    <name>ResultPage</name>
    <message>
        <source>Résultat</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>Détails</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>&amp;Réimprimer l’accusé</source>
        <translation>&amp;Reprint the receipt</translation>
    </message>
    <message>
        <source>Enregistrer en P&amp;DF…</source>
        <translation>Save as P&amp;DF…</translation>
    </message>
    <message>
        <source>Réessa&amp;yer</source>
        <translation>Retr&amp;y</translation>
    </message>
    <message>
        <source>Nouveau pa&amp;tient</source>
        <translation>New pa&amp;tient</translation>
    </message>
    <message>
        <source>&amp;Non : Réimprimer</source>
        <translation>&amp;No: reprint</translation>
    </message>
    <message>
        <source>L’accusé est-il sorti ?</source>
        <translation>Did the receipt come out?</translation>
    </message>
    <message>
        <source>&amp;Oui, il est sorti</source>
        <translation>&amp;Yes, it came out</translation>
    </message>
    <message>
        <source>Imprimer s&amp;ur…</source>
        <translation>Print &amp;on…</translation>
    </message>
    <message>
        <source>Imprimer l’accusé sur une autre imprimante</source>
        <translation>Print the receipt on another printer</translation>
    </message>
    <message>
        <source>Aperçu de l’accusé de création</source>
        <translation>Preview of the creation receipt</translation>
    </message>
</context>
<context>
    <name>SaveReceipt</name>
    <message>
        <source>Enregistrer l’accusé</source>
        <translation>Save the receipt</translation>
    </message>
    <message>
        <source>Cet accusé contient le mot de passe provisoire du patient. Enregistrez-le seulement pour l’imprimer ailleurs, puis supprimez le fichier. Continuer ?</source>
        <translation>This receipt holds the patient&apos;s temporary password. Save it only to print it elsewhere, then delete the file. Continue?</translation>
    </message>
    <message>
        <source>Enregistrer l’accusé en PDF</source>
        <translation>Save the receipt as PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Impossible d’écrire le fichier : {0}</source>
        <translation>Cannot write the file: {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Paramètres du poste</source>
        <translation>Workstation settings</translation>
    </message>
    <message>
        <source>(premier lecteur avec une carte Vitale)</source>
        <translation>(first reader holding a carte Vitale)</translation>
    </message>
    <message>
        <source>Lecteur de cartes</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <source>(imprimante par défaut du système)</source>
        <translation>(system default printer)</translation>
    </message>
    <message>
        <source>Imprimante de l’accusé</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <source>A4</source>
        <translation>A4</translation>
    </message>
    <message>
        <source>Ticket 80 mm</source>
        <translation>80 mm ticket</translation>
    </message>
    <message>
        <source>Format de l’accusé</source>
        <translation>Receipt format</translation>
    </message>
    <message>
        <source>Matériel</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>&amp;Lecteur :</source>
        <translation>Read&amp;er:</translation>
    </message>
    <message>
        <source>&amp;Imprimante :</source>
        <translation>&amp;Printer:</translation>
    </message>
    <message>
        <source>&amp;Format de l’accusé :</source>
        <translation>Receipt &amp;format:</translation>
    </message>
    <message>
        <source>Pharmacie et pharmacien(ne)</source>
        <translation>Pharmacy and pharmacist</translation>
    </message>
    <message>
        <source>&amp;Nom de la pharmacie :</source>
        <translation>Pharmacy &amp;name:</translation>
    </message>
    <message>
        <source>N° FINESS / A&amp;M :</source>
        <translation>FINESS / A&amp;M number:</translation>
    </message>
    <message>
        <source>N° &amp;RPPS :</source>
        <translation>&amp;RPPS number:</translation>
    </message>
    <message>
        <source>&amp;Prénom :</source>
        <translation>Firs&amp;t name:</translation>
    </message>
    <message>
        <source>N&amp;om :</source>
        <translation>S&amp;urname:</translation>
    </message>
    <message>
        <source>(fichier SQLite local)</source>
        <translation>(local SQLite file)</translation>
    </message>
    <message>
        <source>Registre</source>
        <translation>Ledger</translation>
    </message>
    <message>
        <source>&amp;Base de données :</source>
        <translation>&amp;Database:</translation>
    </message>
    <message>
        <source>Paramètres en lecture seule ici (fichier de configuration géré ailleurs).</source>
        <translation>Settings are read-only here (the configuration file is managed elsewhere).</translation>
    </message>
    <message>
        <source>L’imprimante choisie sert dès la prochaine impression ; les autres changements s’appliquent au prochain démarrage.</source>
        <translation>The chosen printer is used from the next print on; the other changes apply at the next start.</translation>
    </message>
    <message>
        <source>Paramètres</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Le n° RPPS compte 11 chiffres.</source>
        <translation>The RPPS number has 11 digits.</translation>
    </message>
</context>
<context>
    <name>StepIndicator</name>
    <message>
        <source>Identification</source>
        <translation>Identification</translation>
    </message>
    <message>
        <source>Connexion au DMP</source>
        <translation>Connecting to the DMP</translation>
    </message>
    <message>
        <source>Consentement et accès d’urgence</source>
        <translation>Consent and emergency access</translation>
    </message>
    <message>
        <source>Compte patient</source>
        <translation>Patient account</translation>
    </message>
    <message>
        <source>Résultat</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>{0} (étape en cours)</source>
        <translation>{0} (current step)</translation>
    </message>
    <message>
        <source>{0} (faite)</source>
        <translation>{0} (done)</translation>
    </message>
</context>
<context>
    <name>TaskStarter</name>
    <message>
        <source>Lecture de la carte…</source>
        <translation>Reading the card…</translation>
    </message>
    <message>
        <source>Vérification du DMP…</source>
        <translation>Checking the DMP…</translation>
    </message>
    <message>
        <source>Lecture de la carte CPS…</source>
        <translation>Reading the CPS card…</translation>
    </message>
    <message>
        <source>Vérification du code PIN…</source>
        <translation>Checking the PIN…</translation>
    </message>
    <message>
        <source>Connexion au service DMP…</source>
        <translation>Connecting to the DMP service…</translation>
    </message>
    <message>
        <source>Ouverture du compte patient…</source>
        <translation>Opening the patient account…</translation>
    </message>
    <message>
        <source>Impression de l’accusé…</source>
        <translation>Printing the receipt…</translation>
    </message>
    <message>
        <source>Préparation de l’accusé…</source>
        <translation>Preparing the receipt…</translation>
    </message>
    <message>
        <source>Création du DMP…</source>
        <translation>Creating the DMP…</translation>
    </message>
</context>
<context>
    <name>WizardView</name>
    <message>
        <source>Le compte d’accès du patient n’est pas créé. Passer quand même au patient suivant ?</source>
        <translation>The patient&apos;s access account is not created. Go on to the next patient anyway?</translation>
    </message>
    <message>
        <source>L’accusé avec l’identifiant et le mot de passe provisoire du patient a été envoyé à l’imprimante, mais personne n’a confirmé qu’il est sorti. Sans lui, le patient ne pourra pas se connecter. Passer quand même au patient suivant ?</source>
        <translation>The receipt with the patient&apos;s login and temporary password was sent to the printer, but nobody confirmed it came out. Without it the patient cannot log in. Go to the next patient anyway?</translation>
    </message>
    <message>
        <source>L’accusé de création n’est pas imprimé. Passer quand même au patient suivant ?</source>
        <translation>The creation receipt is not printed. Go on to the next patient anyway?</translation>
    </message>
    <message>
        <source>Patient suivant ?</source>
        <translation>Next patient?</translation>
    </message>
    <message>
        <source>Abandonner ?</source>
        <translation>Give up?</translation>
    </message>
    <message>
        <source>Abandonner la création du DMP pour ce patient ? Rien n’a encore été créé.</source>
        <translation>Give up creating the DMP for this patient? Nothing has been created yet.</translation>
    </message>
    <message>
        <source>Imprimer sur…</source>
        <translation>Print on…</translation>
    </message>
    <message>
        <source>Imprimante :</source>
        <translation>Printer:</translation>
    </message>
</context>
<context>
    <name>YearPanel</name>
    <message>
        <source>Année (ROSP)</source>
        <translation>Year (ROSP)</translation>
    </message>
    <message>
        <source>Année civile</source>
        <translation>Calendar year</translation>
    </message>
    <message>
        <source>A&amp;nnée :</source>
        <translation>Yea&amp;r:</translation>
    </message>
    <message>
        <source>Pharmacien</source>
        <translation>Pharmacist</translation>
    </message>
    <message>
        <source>DMP créés</source>
        <translation>DMP created</translation>
    </message>
    <message>
        <source>Rémunération</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>DMP créés dans l’année par pharmacien</source>
        <translation>DMP created in the year per pharmacist</translation>
    </message>
    <message>
        <source>Exporter l’année pour la &amp;déclaration (CSV)…</source>
        <translation>Export the year for the &amp;declaration (CSV)…</translation>
    </message>
    <message>
        <source>Exporter le CSV de l’année pour la déclaration ROSP</source>
        <translation>Export the year&apos;s CSV for the ROSP declaration</translation>
    </message>
    <message>
        <source>Chargement de l’année…</source>
        <translation>Loading the year…</translation>
    </message>
    <message>
        <source>{0} : {1} DMP créés — {2}</source>
        <translation>{0}: {1} DMP created — {2}</translation>
    </message>
    <message>
        <source>Exporter le CSV de l’année</source>
        <translation>Export the year&apos;s CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>CSV de l’année écrit : {0}</source>
        <translation>Year&apos;s CSV written: {0}</translation>
    </message>
</context>
</TS>
